using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Reflection;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The web UI as the server renders it (prerendered HTML): the shell at "/", module pages only for enabled modules,
/// friendly error and not-found pages for browsers while the API keeps its problem details, and the sign-in form.
/// </summary>
public sealed class WebUiTests
{
    [Fact]
    public async Task Root_is_the_home_dashboard_with_the_enabled_modules_in_the_menu()
    {
        using var app = new CrmApp(enabledModules: ["Accounts"]);

        var html = await PageAsync(app, "/", HttpStatusCode.OK);

        Assert.Contains("<title>Home · Crm.Modular</title>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"accounts\"", html, StringComparison.Ordinal);
        Assert.Contains("Customers needing contact", html, StringComparison.Ordinal);
        Assert.Contains("href=\"modules\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"users\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabled_module_pages_are_served()
    {
        using var app = new CrmApp(enabledModules: ["Accounts"]);

        var list = await PageAsync(app, "/accounts", HttpStatusCode.OK);
        var create = await PageAsync(app, "/accounts/new", HttpStatusCode.OK);

        Assert.Contains("<title>Accounts · Crm.Modular</title>", list, StringComparison.Ordinal);
        Assert.Contains("<title>New account · Crm.Modular</title>", create, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_module_contributes_no_pages_no_menu_entry_and_no_dashboard_widget()
    {
        using var app = new CrmApp(enabledModules: []);

        var home = await PageAsync(app, "/", HttpStatusCode.OK);
        var list = await PageAsync(app, "/accounts", HttpStatusCode.NotFound);
        await PageAsync(app, "/accounts/new", HttpStatusCode.NotFound);

        Assert.DoesNotContain("href=\"accounts\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Customers needing contact", home, StringComparison.Ordinal);
        Assert.Contains("Page not found", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browser_language_decides_until_the_person_chooses_one()
    {
        using var app = new CrmApp(enabledModules: ["Accounts"]);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var chinese = await LanguagePageAsync(client, "zh-CN,zh;q=0.9", cookie: null);
        var chosenEnglish = await LanguagePageAsync(client, "zh-CN,zh;q=0.9", cookie: ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var english = await LanguagePageAsync(client, "en-GB,en;q=0.9", cookie: null);

        Assert.Contains("<title>首页 · Crm.Modular</title>", chinese, StringComparison.Ordinal);
        Assert.Contains(">客户<", chinese, StringComparison.Ordinal);
        Assert.Contains("<title>Home · Crm.Modular</title>", chosenEnglish, StringComparison.Ordinal);
        Assert.Contains("<title>Home · Crm.Modular</title>", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_form_needs_its_antiforgery_token()
    {
        using var app = new CrmApp(enabledModules: ["Accounts"]);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var forged = await client.PostAsync("/ui/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "zh-Hans", ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
    }

    private static async Task<string> LanguagePageAsync(HttpClient client, string acceptLanguage, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Unknown_page_is_the_friendly_404_but_the_API_keeps_problem_details()
    {
        using var app = new CrmApp();
        using var client = app.CreateClient();

        var page = await PageAsync(app, "/no-such-page", HttpStatusCode.NotFound);
        var api = await client.GetAsync($"/api/accounts/{Guid.NewGuid()}");
        var unknownApi = await Get(client, "/api/no-such-route", "text/html");

        Assert.Contains("Page not found", page, StringComparison.Ordinal);
        Assert.Contains("href=\"modules\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.DoesNotContain("<html", await unknownApi.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_failing_page_shows_a_friendly_message_in_the_layout_while_the_API_answers_problem_details()
    {
        var broken = new BrokenDatabase();
        using var app = new CrmApp(services: s => s.AddSingleton<IModuleDatabase>(broken));
        using var client = app.CreateClient();
        broken.Failing = true;

        var page = await PageAsync(app, "/modules", HttpStatusCode.OK);
        var api = await client.GetAsync("/api/modules");

        Assert.Contains("data-testid=\"page-error\"", page, StringComparison.Ordinal);
        Assert.Contains("This page ran into a problem.", page, StringComparison.Ordinal);
        Assert.Contains("href=\"accounts\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(BrokenDatabase.Secret, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(BrokenDatabase.Secret, await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_outside_the_page_content_shows_the_error_page_with_a_500()
    {
        using var app = new CrmApp(services: s => s.AddSingleton<IModuleUi>(new FailingPageUi()));

        var page = await PageAsync(app, FailingPage.Route, HttpStatusCode.InternalServerError);

        Assert.Contains("<title>Something went wrong · Crm.Modular</title>", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"request-id\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingPage.Secret, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_is_a_plain_form_posting_to_the_sign_in_endpoint_with_a_local_return_address()
    {
        using var app = new CrmApp();

        var html = await PageAsync(app, "/login?returnUrl=%2Faccounts%3Fstage%3DLost", HttpStatusCode.OK);
        var offsite = await PageAsync(app, "/login?returnUrl=https%3A%2F%2Fevil.example%2F", HttpStatusCode.OK);
        var failed = await PageAsync(app, "/login?error=invalid", HttpStatusCode.OK);

        var form = Regex.Match(html, "<form method=\"post\" action=\"account/login\"[^>]*>(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, html);
        var fields = Regex.Matches(form.Groups[1].Value, "name=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["__RequestVerificationToken", "returnUrl", "userName", "password", "rememberMe"], fields);
        Assert.Contains("name=\"returnUrl\" value=\"/accounts?stage=Lost\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"returnUrl\" value=\"/\"", offsite, StringComparison.Ordinal);
        Assert.Contains("The user name or password is not correct.", failed, StringComparison.Ordinal);
        // Plain HTML: no interactive circuit is started for the sign-in page.
        Assert.DoesNotContain("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Designer_and_inbox_pages_and_menu_entries_exist_only_with_the_workflow_server()
    {
        using var on = new CrmApp();
        using var off = new CrmApp(settings: new Dictionary<string, string?> { ["Workflows:Enabled"] = "false" });

        var withDesigner = await PageAsync(on, "/workflows", HttpStatusCode.OK);
        var withoutDesigner = await PageAsync(off, "/", HttpStatusCode.OK);
        await PageAsync(off, "/workflows", HttpStatusCode.NotFound);
        await PageAsync(off, "/inbox", HttpStatusCode.NotFound);
        var inbox = await PageAsync(on, "/inbox", HttpStatusCode.OK);

        Assert.Contains("<title>Workflow designer · Crm.Modular</title>", withDesigner, StringComparison.Ordinal);
        Assert.Contains("<title>Inbox · Crm.Modular</title>", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"workflows\"", withoutDesigner, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"inbox\"", withoutDesigner, StringComparison.Ordinal);
        Assert.DoesNotContain("My open tasks", withoutDesigner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_shown_in_the_browser_time_zone_from_its_cookie()
    {
        using var app = new CrmApp();
        using var client = app.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/accounts", new { name = "Zone Test Ltd" })).ShouldHave(HttpStatusCode.Created);
        var account = await created.ReadJson();
        var id = account.GetProperty("id").GetGuid();
        var createdAtUtc = account.GetProperty("createdAt").GetDateTime();

        var shanghai = await PageAsync(app, $"/accounts/{id}", HttpStatusCode.OK, cookie: "crm-tz=Asia/Shanghai");
        var unknown = await PageAsync(app, $"/accounts/{id}", HttpStatusCode.OK, cookie: "crm-tz=Not/AZone");

        Assert.Contains($">{createdAtUtc.AddHours(8):yyyy-MM-dd HH:mm}</time>", shanghai, StringComparison.Ordinal);
        Assert.Contains($">{createdAtUtc:yyyy-MM-dd HH:mm}</time>", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_account_page_is_a_404()
    {
        using var app = new CrmApp();

        var html = await PageAsync(app, $"/accounts/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        Assert.Contains("Page not found", html, StringComparison.Ordinal);
    }

    private static async Task<string> PageAsync(CrmApp app, string path, HttpStatusCode expected, string? cookie = null)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await Get(client, path, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", cookie);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected} but got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    private static async Task<HttpResponseMessage> Get(HttpClient client, string path, string accept, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A host-level UI contribution whose page fails (in a layout without an error boundary).</summary>
    private sealed class FailingPageUi : IModuleUi
    {
        public Assembly? PagesAssembly => typeof(FailingPage).Assembly;

        public IReadOnlyList<UiNavigationItem> Navigation => [];
    }

    /// <summary>Storage whose state cannot be read once failing (start-up migrates it first): the Modules page and /api/modules fail on it.</summary>
    private sealed class BrokenDatabase : IModuleDatabase
    {
        public const string Secret = "connection string with a password";

        public bool Failing { get; set; }

        public string ModuleName => "Broken";

        public DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public Task<MigrationState> GetStateAsync(CancellationToken cancellationToken) =>
            Failing ? throw new InvalidOperationException(Secret) : Task.FromResult(new MigrationState(MigrationState.UpToDate, [], []));

        public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public string GenerateIdempotentScript() => "";

        public bool HasPendingModelChanges() => false;
    }
}

/// <summary>A routable component written in C# (this project has no Razor): it fails while rendering.</summary>
[Microsoft.AspNetCore.Components.Route(Route)]
[Microsoft.AspNetCore.Components.Layout(typeof(Crm.Web.Layout.PlainLayout))]
public sealed class FailingPage : Microsoft.AspNetCore.Components.ComponentBase
{
    public const string Route = "/test/failing-page";
    public const string Secret = "stack detail that must stay in the log";

    protected override void OnInitialized() => throw new InvalidOperationException(Secret);
}
