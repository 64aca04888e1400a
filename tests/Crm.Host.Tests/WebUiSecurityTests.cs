using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Pages follow the same policies as the API: anonymous visitors are sent to the sign-in page and come back after it,
/// people without the role are sent to /access-denied, and the menu shows only what the user may open.
/// </summary>
public sealed class WebUiSecurityTests : IClassFixture<WebUiSecurityTests.App>
{
    private readonly App _app;

    public WebUiSecurityTests(App app) => _app = app;

    [Theory]
    [InlineData("/")]
    [InlineData("/accounts")]
    [InlineData("/modules")]
    [InlineData("/workflows")]
    [InlineData("/users")]
    [InlineData("/roles")]
    [InlineData("/audit")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_back(string path)
    {
        using var client = _app.Crm.CreateAnonymousClient(new() { AllowAutoRedirect = false });

        var response = await GetPage(client, path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task Sign_in_with_the_form_returns_to_the_page_and_sign_out_ends_the_session()
    {
        using var client = _app.Crm.CreateAnonymousClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await (await GetPage(client, "/login?returnUrl=%2Faccounts")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var bad = await client.PostAsync("/account/login", Form(token, _app.SalesUser, "wrong password", "/accounts"));
        var good = await client.PostAsync("/account/login", Form(token, _app.SalesUser, CrmApp.TestPassword, "/accounts"));
        var accounts = await GetPage(client, "/accounts");

        Assert.Equal("/login?error=invalid&returnUrl=%2Faccounts", bad.Headers.Location?.OriginalString);
        Assert.Equal("/accounts", good.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        Assert.Contains("<title>Accounts · Crm.Modular</title>", await accounts.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_user_without_the_role_is_sent_to_access_denied()
    {
        using var client = await _app.SignInAsync(_app.SalesUser);

        var modules = await GetPage(client, "/modules");
        var denied = await GetPage(client, "/access-denied");

        Assert.Equal(HttpStatusCode.Redirect, modules.StatusCode);
        Assert.StartsWith("/access-denied", modules.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("Access denied", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_menu_shows_only_what_the_user_may_open()
    {
        using var sales = await _app.SignInAsync(_app.SalesUser);
        using var implementer = await _app.SignInAsync(_app.ImplementerUser);

        var salesHome = await (await GetPage(sales, "/")).Content.ReadAsStringAsync();
        var implementerHome = await (await GetPage(implementer, "/")).Content.ReadAsStringAsync();
        var salesList = await (await GetPage(sales, "/accounts")).Content.ReadAsStringAsync();

        Assert.Contains("href=\"accounts\"", salesHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"modules\"", salesHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"workflows\"", salesHome, StringComparison.Ordinal);
        Assert.Contains("href=\"modules\"", implementerHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"users\"", implementerHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"users\"", salesHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"audit\"", implementerHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"roles\"", implementerHome, StringComparison.Ordinal);
        // Sales may create accounts but not import them.
        Assert.Contains("href=\"accounts/new\"", salesList, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"accounts/import\"", salesList, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, string userName, string password, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["userName"] = userName,
        ["password"] = password,
        ["returnUrl"] = returnUrl,
    });

    private static async Task<HttpResponseMessage> GetPage(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        return await client.SendAsync(request);
    }

    /// <summary>One host with a Sales and an Implementer user who sign in with a real password (cookie).</summary>
    public sealed class App : IAsyncLifetime
    {
        public CrmApp Crm { get; } = new();

        public string SalesUser { get; } = "ui.sales";

        public string ImplementerUser { get; } = "ui.implementer";

        public async Task InitializeAsync()
        {
            await Crm.CreateUserAsync(SalesUser, roles: [CrmRoles.Sales]);
            await Crm.CreateUserAsync(ImplementerUser, roles: [CrmRoles.Implementer]);
        }

        /// <summary>A client holding the sign-in cookie of <paramref name="userName"/>.</summary>
        public async Task<HttpClient> SignInAsync(string userName)
        {
            var client = Crm.CreateAnonymousClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = CrmApp.TestPassword });
            await response.ShouldHave(HttpStatusCode.OK);
            return client;
        }

        public Task DisposeAsync()
        {
            Crm.Dispose();
            return Task.CompletedTask;
        }
    }
}
