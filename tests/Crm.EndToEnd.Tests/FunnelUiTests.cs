using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>One host with Accounts and Funnel (and their demo data) for the Funnel's page tests.</summary>
public sealed class FunnelUiFixture() : UiFixture(["Accounts", "Funnel"], new Dictionary<string, string?>());

/// <summary>
/// The Funnel's opportunity and quote pages in a real browser: the form reports its field messages and then saves,
/// an opportunity is won from its page, and a quote with lines goes through discount approval to its printable view,
/// then a new version of it is accepted.
/// </summary>
public sealed class FunnelUiTests(FunnelUiFixture fx) : IClassFixture<FunnelUiFixture>
{
    // After a save or an action the server answers first; on a loaded 2-core machine that can exceed the 5 s default.
    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 15_000 };
    private static readonly LocatorAssertionsToHaveTextOptions SlowText = new() { Timeout = 15_000 };

    /// <summary>The demo "admin" user (Demo:Seed).</summary>
    private static readonly Guid AdminId = Guid.Parse("5a1e0000-0000-4000-8000-0000000000a1");

    [UiFact]
    public async Task Creating_an_opportunity_reports_field_messages_then_saves_and_it_is_won_on_its_page()
    {
        using var api = Api();
        var accountName = "Harbour Optics " + Guid.NewGuid().ToString("N")[..6];
        await CreateAccountAsync(api, accountName);
        var name = "Lens line retrofit " + Guid.NewGuid().ToString("N")[..6];

        var ui = await fx.OpenAsync("/funnel/opportunities/new");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();

        // Bad: nothing but a product line without a description.
        await page.GetByTestId("add-line").ClickAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        await Expect(Control(page, "name")).ToContainTextAsync("Name is required.");
        await Expect(Control(page, "account")).ToContainTextAsync("accountId is required");
        await Expect(Control(page, "close")).ToContainTextAsync("Expected close date is required.");
        await Expect(Control(page, "line-description")).ToContainTextAsync("Describe the product or service.");
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/opportunities/new$"), Slow);
        Assert.Equal("name", await page.EvaluateAsync<string>("() => document.activeElement.dataset.testid"));
        await ui.ScreenshotAsync("ui-opportunity-errors");

        // Good: name, the account picked by typing part of its name, the close date and a priced line.
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("account").FillAsync(accountName[..18]);
        await page.GetByRole(AriaRole.Option, new() { Name = accountName }).ClickAsync();
        await page.GetByTestId("close").FillAsync("2027-03-31");
        await page.GetByTestId("line-description").FillAsync("Coating machine");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("2");
        await page.GetByLabel("Unit price", new() { Exact = true }).FillAsync("1500");
        await page.GetByLabel("Unit price", new() { Exact = true }).PressAsync("Tab");
        await Expect(page.GetByTestId("lines")).ToContainTextAsync("3,000.00");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/funnel/opportunities/[0-9a-f-]{36}$"), Slow);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("facts")).ToContainTextAsync(accountName);
        await Expect(page.GetByTestId("amount")).ToHaveTextAsync("¥3,000.00");
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync("Qualification");

        // Won from its page: the stage, the closing note and the stage history (in the browser's time zone) follow.
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("mark-won").ClickAsync();
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync("Won", SlowText);
        await Expect(page.GetByTestId("closed")).ToContainTextAsync("Won on");
        await Expect(page.GetByTestId("mark-won")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Stage history" }).ClickAsync();
        var history = page.GetByTestId("stage-history");
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync("Qualification");
        await Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync("Won");
        await ui.ScreenshotAsync("ui-opportunity-won");

        // Saved as won, with the amount of its line.
        var id = Regex.Match(page.Url, "[0-9a-f-]{36}$").Value;
        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/funnel/opportunities/{id}");
        Assert.Equal("Won", saved.GetProperty("status").GetString());
        Assert.Equal(3000m, saved.GetProperty("amount").GetDecimal());
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task A_quote_with_lines_and_a_large_discount_waits_for_approval_prints_and_a_new_version_is_accepted()
    {
        using var api = Api();
        var account = await CreateAccountAsync(api, "Delta Pumps " + Guid.NewGuid().ToString("N")[..6]);
        var opportunity = await PostAsync(api, "/api/funnel/opportunities", new { name = "Pump station " + Guid.NewGuid().ToString("N")[..6], accountId = account, expectedCloseDate = "2027-06-30" });
        var opportunityId = opportunity.GetProperty("id").GetGuid();

        var ui = await fx.OpenAsync($"/funnel/opportunities/{opportunityId}");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("new-quote").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/funnel/opportunities/{opportunityId}/quotes/new$"), Slow);
        await ui.WaitInteractiveAsync();

        // Two lines (the second at half price) and 10 % on the whole quote: 2,500 list, 2,025 net, 19 % effective discount.
        await page.GetByTestId("line-description").FillAsync("Installation");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("2");
        await page.GetByLabel("Unit price", new() { Exact = true }).FillAsync("1000");
        await page.GetByTestId("add-line").ClickAsync();
        await page.GetByTestId("line-description").Nth(1).FillAsync("Maintenance contract");
        await page.GetByLabel("Unit price", new() { Exact = true }).Nth(1).FillAsync("500");
        await page.GetByLabel("Discount %", new() { Exact = true }).Nth(1).FillAsync("50");
        await page.GetByTestId("header-discount").FillAsync("10");
        await page.GetByTestId("header-discount").PressAsync("Tab");
        await Expect(page.GetByTestId("quote-total")).ToHaveTextAsync("¥2,025.00");
        await Expect(page.GetByTestId("needs-approval")).ToBeVisibleAsync();
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/funnel/quotes/[0-9a-f-]{36}$"), Slow);
        await Expect(page.GetByTestId("quote-status")).ToHaveTextAsync("Draft", SlowText);
        await Expect(page.GetByTestId("versions").Locator("tbody tr")).ToHaveCountAsync(1);
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("quote-status")).ToHaveTextAsync("Pending approval", SlowText);
        await Expect(page.GetByTestId("approval")).ToContainTextAsync("Waiting for discount approval");
        await Expect(page.GetByTestId("versions")).ToContainTextAsync("Pending approval");
        await ui.ScreenshotAsync("ui-quote-pending");

        // An approver decides (here through the API, as the workflow's step does): the open page shows the decision.
        var quoteId = Regex.Match(page.Url, "[0-9a-f-]{36}$").Value;
        await PostAsync(api, $"/api/funnel/quotes/{quoteId}/approval", new { approved = true, comment = "Strategic customer" }, expectCreated: false);
        await Expect(page.GetByTestId("quote-status")).ToHaveTextAsync("Approved", SlowText);
        await Expect(page.GetByTestId("approval")).ToContainTextAsync("Strategic customer");

        // The printable view: the document alone, no menu; the print button disappears on paper.
        var print = await page.RunAndWaitForPopupAsync(() => page.GetByTestId("print").ClickAsync());
        await Expect(print.GetByTestId("printable-quote")).ToContainTextAsync("Maintenance contract");
        await Expect(print.GetByTestId("print-total")).ToHaveTextAsync("¥2,025.00");
        await Expect(print.GetByTestId("print-lines").Locator("tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(0, await print.Locator("nav").CountAsync());
        await Expect(print.GetByTestId("print-button")).ToBeVisibleAsync();
        await print.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(print.GetByTestId("print-button")).ToBeHiddenAsync();
        if (Environment.GetEnvironmentVariable("CRM_E2E_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await print.ScreenshotAsync(new() { Path = Path.Combine(folder, "ui-quote-print.png"), FullPage = true });
        }

        // A new version without the quote discount (10 %, within the threshold): v1 is superseded, v2 is approved at once.
        await page.GetByTestId("revise").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/quotes/[0-9a-f-]{36}/edit$"), Slow);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("v2");
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("header-discount").FillAsync("0");
        await page.GetByTestId("header-discount").PressAsync("Tab");
        await Expect(page.GetByTestId("quote-total")).ToHaveTextAsync("¥2,250.00");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("quote-status")).ToHaveTextAsync("Draft", SlowText);
        var versions = page.GetByTestId("versions").Locator("tbody tr");
        await Expect(versions).ToHaveCountAsync(2);
        await Expect(versions.Nth(0)).ToContainTextAsync("this version");
        await Expect(versions.Nth(1)).ToContainTextAsync("Superseded");
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("quote-status")).ToHaveTextAsync("Approved", SlowText);

        // The customer accepted: the opportunity's amount becomes the quote's total.
        await page.GetByTestId("accept").ClickAsync();
        await Expect(page.GetByTestId("quote-status")).ToHaveTextAsync("Accepted", SlowText);
        await Expect(versions.Nth(0)).ToContainTextAsync("Accepted");
        var accepted = await api.GetFromJsonAsync<JsonElement>($"/api/funnel/opportunities/{opportunityId}");
        Assert.Equal(2250m, accepted.GetProperty("amount").GetDecimal());
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_list_finds_an_opportunity_by_name_and_losing_it_asks_for_the_reason()
    {
        using var api = Api();
        var account = await CreateAccountAsync(api, "Kestrel Mills " + Guid.NewGuid().ToString("N")[..6]);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await PostAsync(api, "/api/funnel/opportunities", new { name = $"Conveyor upgrade {tag}", accountId = account, expectedCloseDate = "2027-02-28", amount = 800 });

        var ui = await fx.OpenAsync("/funnel/opportunities");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("search").FillAsync($"conveyor {tag}");
        await Expect(page.GetByTestId("opportunity-link")).ToHaveTextAsync([$"Conveyor upgrade {tag}"], SlowText);
        await page.GetByTestId("opportunity-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Conveyor upgrade {tag}", Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();

        // Lost without a reason is refused under the field; with one it closes as lost and says why.
        await page.GetByTestId("mark-lost").ClickAsync();
        await page.GetByTestId("lost-save").ClickAsync();
        await Expect(Control(page, "lost-reason")).ToContainTextAsync("a reason is required", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync("Qualification");
        await page.GetByTestId("lost-reason").FillAsync("Chose a local supplier");
        await page.GetByTestId("lost-save").ClickAsync();
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync("Lost", SlowText);
        await Expect(page.GetByTestId("closed")).ToContainTextAsync("Chose a local supplier");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_customer_page_shows_the_accounts_opportunities_and_New_opportunity_starts_one_for_it()
    {
        using var api = Api();
        var accountName = "Jade Valves " + Guid.NewGuid().ToString("N")[..6];
        var account = await CreateAccountAsync(api, accountName);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await PostAsync(api, "/api/funnel/opportunities", new { name = $"Valve retrofit {tag}", accountId = account, expectedCloseDate = "2027-04-30", amount = 1200 });
        await PostAsync(api, "/api/funnel/opportunities", new { name = $"Other customer {tag}", accountId = await CreateAccountAsync(api, "Other " + tag), expectedCloseDate = "2027-04-30" });

        var ui = await fx.OpenAsync($"/accounts/{account}");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Opportunities" }).ClickAsync();
        var rows = page.GetByTestId("account-opportunities");
        await Expect(rows.GetByTestId("opportunity-link")).ToHaveTextAsync([$"Valve retrofit {tag}"], SlowText);
        await Expect(rows).ToContainTextAsync("1,200.00");
        await ui.ScreenshotAsync("ui-customer-opportunities");

        // "New opportunity" opens the form with this customer already chosen; the new one is listed on the customer page.
        await page.GetByTestId("account-new-opportunity").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/funnel/opportunities/new\\?accountId={account}$"), Slow);
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("account")).ToHaveValueAsync(accountName);
        var name = $"Spare parts {tag}";
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("close").FillAsync("2027-05-31");
        await page.GetByTestId("close").PressAsync("Tab");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/opportunities/[0-9a-f-]{36}$"), Slow);
        await Expect(page.GetByTestId("facts")).ToContainTextAsync(accountName);

        await page.GotoAsync($"{fx.BaseUrl}/accounts/{account}");
        await ui.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Opportunities" }).ClickAsync();
        await Expect(page.GetByTestId("account-opportunities").GetByTestId("opportunity-link")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("account-opportunities")).ToContainTextAsync(name);
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_customer_page_shows_the_accounts_quotes_and_converted_leads_by_name_and_New_lead_starts_one_for_it()
    {
        using var api = Api();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var accountName = "Lotus Tools " + tag;
        var account = await CreateAccountAsync(api, accountName);
        var opportunity = await PostAsync(api, "/api/funnel/opportunities", new { name = $"Drill presses {tag}", accountId = account, expectedCloseDate = "2027-04-30" });
        var quote = await PostAsync(api, $"/api/funnel/opportunities/{opportunity.GetProperty("id").GetGuid()}/quotes",
            new { lines = new[] { new { description = "Press", quantity = 2, unitPrice = 1500m } } });
        var lead = await PostAsync(api, "/api/funnel/leads", new { name = $"Chen Ming {tag}", company = accountName, email = $"chen-{tag}@lotus.test" });
        await PostAsync(api, $"/api/funnel/leads/{lead.GetProperty("id").GetGuid()}/convert", new { accountId = account, createOpportunity = false }, expectCreated: false);

        var ui = await fx.OpenAsync($"/accounts/{account}");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Quotes" }).ClickAsync();
        var quotes = page.GetByTestId("account-quotes");
        await Expect(quotes.GetByTestId("quote-link")).ToHaveTextAsync([quote.GetProperty("number").GetString()!], SlowText);
        await Expect(quotes).ToContainTextAsync($"Drill presses {tag}");
        await Expect(quotes).ToContainTextAsync("3,000.00");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Leads" }).ClickAsync();
        var leads = page.GetByTestId("account-leads");
        await Expect(leads.GetByTestId("lead-link")).ToHaveTextAsync([$"Chen Ming {tag}"], SlowText);
        await Expect(leads).ToContainTextAsync("Converted");
        await ui.ScreenshotAsync("ui-customer-quotes-leads");

        // "New lead" opens the form with this customer as the company.
        await page.GetByTestId("account-new-lead").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/funnel/leads/new\\?accountId={account}$"), Slow);
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("company")).ToHaveValueAsync(accountName, new() { Timeout = 15_000 });
        ui.AssertNoErrors();
    }

    private static ILocator Control(IPage page, string testId) =>
        page.GetByTestId(testId).First.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]");

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, AdminId.ToString());
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, "Administrator");
        return client;
    }

    private static async Task<Guid> CreateAccountAsync(HttpClient api, string name) =>
        (await PostAsync(api, "/api/accounts", new { name, email = $"buyer-{Guid.NewGuid():N}@example.test" })).GetProperty("id").GetGuid();

    private static async Task<JsonElement> PostAsync(HttpClient api, string url, object body, bool expectCreated = true)
    {
        var response = await api.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expectCreated)
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
