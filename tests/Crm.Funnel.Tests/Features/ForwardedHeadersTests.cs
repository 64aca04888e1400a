using System.Net;
using Crm.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// The public form's per-address limit behind a reverse proxy (issue 12.7): <c>X-Forwarded-For</c> counts only when the
/// request comes from a configured proxy, so visitors behind it get their own buckets and nobody else can pick one.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.1";

    [Fact]
    public async Task Behind_a_known_proxy_every_visitor_has_their_own_bucket()
    {
        using var app = App();
        using var client = app.CreateAnonymousClient();

        // The token route allows three per address per window (PermitLimit 1 × 3): five visitors pass.
        for (var visitor = 1; visitor <= 5; visitor++)
        {
            await (await TokenAsync(client, from: Proxy, forwardedFor: $"203.0.113.{visitor}")).ShouldHave(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task From_anyone_else_the_header_is_ignored_and_the_socket_address_counts()
    {
        using var app = App();
        using var client = app.CreateAnonymousClient();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await (await TokenAsync(client, from: "198.51.100.9", forwardedFor: $"203.0.113.{attempt}")).ShouldHave(HttpStatusCode.OK);
        }

        var limited = await (await TokenAsync(client, from: "198.51.100.9", forwardedFor: "203.0.113.99")).ShouldHave(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_known_network_counts_like_a_known_proxy()
    {
        using var app = App(new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "172.16.0.0/12" });
        using var client = app.CreateAnonymousClient();

        for (var visitor = 1; visitor <= 5; visitor++)
        {
            await (await TokenAsync(client, from: "172.20.1.2", forwardedFor: $"203.0.113.{visitor}")).ShouldHave(HttpStatusCode.OK);
        }
    }

    private static CrmApp App(Dictionary<string, string?>? proxies = null)
    {
        var settings = proxies ?? new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = Proxy };
        settings["Funnel:WebForm:PermitLimit"] = "1";
        settings["Funnel:WebForm:WindowSeconds"] = "3600";
        return new CrmApp(enabledModules: ["Accounts", "Funnel"], settings: settings, services: s => s.AddTransient<IStartupFilter, SocketAddressFromHeader>());
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string from, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/leads/form-token");
        request.Headers.Add(SocketAddressFromHeader.Header, from);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    /// <summary>The test server has no socket: this stands in for the address the connection came from.</summary>
    private sealed class SocketAddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Socket-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
