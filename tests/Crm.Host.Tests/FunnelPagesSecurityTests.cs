using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The Funnel's opportunity and quote pages follow the Funnel's policies: anonymous visitors sign in first, everybody
/// may read, only people who may change the funnel open the forms (and only those who set it up the pipeline forms),
/// only those who may import leads open the lead import page, and the menu lists Opportunities and Quotes.
/// </summary>
public sealed class FunnelPagesSecurityTests : IClassFixture<FunnelPagesSecurityTests.App>
{
    private static readonly string Some = Guid.NewGuid().ToString();

    private readonly App _app;

    public FunnelPagesSecurityTests(App app) => _app = app;

    public static TheoryData<string> Pages => new()
    {
        "/funnel/opportunities",
        "/funnel/opportunities/new",
        $"/funnel/opportunities/{Some}",
        $"/funnel/opportunities/{Some}/edit",
        $"/funnel/opportunities/{Some}/quotes/new",
        "/funnel/quotes",
        $"/funnel/quotes/{Some}",
        $"/funnel/quotes/{Some}/edit",
        $"/funnel/quotes/{Some}/print",
        "/funnel/pipelines",
        "/funnel/pipelines/new",
        $"/funnel/pipelines/{Some}/edit",
        "/funnel/leads/import",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_back(string path)
    {
        using var client = _app.Crm.CreateAnonymousClient(new() { AllowAutoRedirect = false });

        var response = await GetPage(client, path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData("/funnel/opportunities/new")]
    [InlineData("/funnel/quotes/{0}/edit")]
    [InlineData("/funnel/opportunities/{0}/quotes/new")]
    [InlineData("/funnel/pipelines/new")]
    [InlineData("/funnel/pipelines/{0}/edit")]
    public async Task Someone_who_may_only_read_the_funnel_cannot_open_its_forms(string path)
    {
        using var reader = await _app.SignInAsync(_app.ReaderUser);

        var response = await GetPage(reader, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Some));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_people_who_may_import_leads_open_the_import_page_and_see_its_button_on_the_leads_list()
    {
        using var sales = await _app.SignInAsync(_app.SalesUser);
        using var manager = await _app.SignInAsync(_app.ManagerUser);

        var salesImport = await GetPage(sales, "/funnel/leads/import");
        var managerImport = await GetPage(manager, "/funnel/leads/import");
        var salesList = await (await GetPage(sales, "/funnel/leads")).Content.ReadAsStringAsync();
        var managerList = await (await GetPage(manager, "/funnel/leads")).Content.ReadAsStringAsync();

        // Salespeople capture leads one by one but may not import files (CrmPolicies.FunnelImport, as the API).
        Assert.Equal(HttpStatusCode.Redirect, salesImport.StatusCode);
        Assert.StartsWith("/access-denied", salesImport.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"funnel/leads/import\"", salesList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, managerImport.StatusCode);
        Assert.Contains("<title>Import leads · Crm.Modular</title>", await managerImport.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("href=\"funnel/leads/import\"", managerList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_open_the_lists_and_see_them_in_the_menu_but_not_the_new_opportunity_button()
    {
        using var reader = await _app.SignInAsync(_app.ReaderUser);
        using var sales = await _app.SignInAsync(_app.SalesUser);

        var readerQuotes = await GetPage(reader, "/funnel/quotes");
        var readerList = await (await GetPage(reader, "/funnel/opportunities")).Content.ReadAsStringAsync();
        var salesList = await (await GetPage(sales, "/funnel/opportunities")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, readerQuotes.StatusCode);
        Assert.Contains("<title>Quotes · Crm.Modular</title>", await readerQuotes.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("href=\"funnel/opportunities\"", readerList, StringComparison.Ordinal);
        Assert.Contains("href=\"funnel/quotes\"", readerList, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"funnel/opportunities/new\"", readerList, StringComparison.Ordinal);
        Assert.Contains("href=\"funnel/opportunities/new\"", salesList, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/funnel/pipelines/new")]
    [InlineData("/funnel/pipelines/{0}/edit")]
    public async Task Salespeople_change_opportunities_but_not_the_pipelines_they_go_through(string path)
    {
        using var sales = await _app.SignInAsync(_app.SalesUser);

        var response = await GetPage(sales, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Some));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everybody_reads_the_pipelines_but_only_those_who_set_up_the_funnel_see_the_menu_entry_and_the_edit_controls()
    {
        using var sales = await _app.SignInAsync(_app.SalesUser);
        using var implementer = await _app.SignInAsync(_app.ImplementerUser);

        var salesPage = await GetPage(sales, "/funnel/pipelines");
        var salesHtml = await salesPage.Content.ReadAsStringAsync();
        var implementerHtml = await (await GetPage(implementer, "/funnel/pipelines")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, salesPage.StatusCode);
        Assert.Contains("<title>Pipelines · Crm.Modular</title>", salesHtml, StringComparison.Ordinal);
        Assert.Contains("Qualification", salesHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"funnel/pipelines\"", salesHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"funnel/pipelines/new\"", salesHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"edit-pipeline\"", salesHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"funnel/pipelines\"", implementerHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"funnel/pipelines/new\"", implementerHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"edit-pipeline\"", implementerHtml, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetPage(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        return await client.SendAsync(request);
    }

    /// <summary>One host with Accounts and Funnel, a salesperson, an executive (who may read the funnel, not change it), a branch manager (who may import leads) and an implementer (who sets the funnel up).</summary>
    public sealed class App : IAsyncLifetime
    {
        public CrmApp Crm { get; } = new(enabledModules: ["Accounts", "Funnel"]);

        public string SalesUser { get; } = "funnel.sales";

        public string ReaderUser { get; } = "funnel.executive";

        public string ImplementerUser { get; } = "funnel.implementer";

        public string ManagerUser { get; } = "funnel.manager";

        public async Task InitializeAsync()
        {
            await Crm.CreateUserAsync(SalesUser, roles: [CrmRoles.Sales]);
            await Crm.CreateUserAsync(ReaderUser, roles: [CrmRoles.Executive]);
            await Crm.CreateUserAsync(ImplementerUser, roles: [CrmRoles.Implementer]);
            await Crm.CreateUserAsync(ManagerUser, roles: [CrmRoles.BranchManager]);
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
