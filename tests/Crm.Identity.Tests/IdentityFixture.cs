using System.Net;
using System.Net.Http.Json;
using Crm.TestKit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Tests;

/// <summary>One host per test class; tests keep apart by unique user names.</summary>
public sealed class IdentityFixture : IDisposable
{
    private static int _sequence;

    public CrmApp App { get; } = new();

    /// <summary>A user name unique in this test run.</summary>
    public static string UniqueName(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}";

    /// <summary>A client with its own cookie jar and no test identity, that does not follow redirects.</summary>
    public (HttpClient Client, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        return (App.CreateDefaultClient(new CookieContainerHandler(cookies)).AsAnonymous(), cookies);
    }

    /// <summary>Signs in through the JSON endpoint; the client's cookie jar keeps the sign-in cookie.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password = CrmApp.TestPassword, bool rememberMe = false) =>
        client.PostAsJsonAsync("/api/auth/login", new { userName, password, rememberMe });

    /// <summary>
    /// What a rendered sign-in form carries: the antiforgery cookie (put into <paramref name="cookies"/>) and the hidden
    /// form field value, issued by the host's own antiforgery service as the Blazor page would.
    /// </summary>
    public string AntiforgeryToken(CookieContainer cookies, HttpClient client)
    {
        var context = new DefaultHttpContext { RequestServices = App.Services };
        var tokens = App.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var setCookie = context.Response.Headers.SetCookie.ToString();
        var pair = setCookie[..setCookie.IndexOf(';')].Split('=', 2);
        cookies.Add(client.BaseAddress!, new Cookie(pair[0], pair[1]));
        return tokens.RequestToken!;
    }

    public void Dispose() => App.Dispose();
}
