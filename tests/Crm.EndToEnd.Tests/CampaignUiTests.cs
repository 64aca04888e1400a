using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The Funnel module on (it requires Accounts), with the outbox delivering events on its own every second as in
/// production, so a captured lead reaches the shipped assignment workflow without the test driving it. The web form's
/// minimum fill time is off: the test sends the form at once (the signed token is still required).
/// </summary>
public sealed class CampaignUiFixture() : UiFixture(["Accounts", "Funnel"], new Dictionary<string, string?>
{
    ["Outbox:PollingIntervalSeconds"] = "1",
    ["Funnel:WebForm:MinimumFillSeconds"] = "0",
});

/// <summary>Campaign pages and the issue's scenario: a lead from the public web form ends up in its assigned owner's inbox.</summary>
public sealed class CampaignUiTests(CampaignUiFixture fx) : IClassFixture<CampaignUiFixture>
{
    /// <summary>The demo "admin" user (Demo:Seed).</summary>
    private static readonly Guid AdminId = Guid.Parse("5a1e0000-0000-4000-8000-0000000000a1");

    [UiFact]
    public async Task A_campaign_is_planned_with_a_checked_form_then_gets_a_cost_line_a_participant_and_starts()
    {
        var name = "Spring fair " + Guid.NewGuid().ToString("N")[..6];
        var ui = await fx.OpenAsync("/funnel/campaigns", user: "sales.sh");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("new-campaign").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/campaigns/new$"));
        await ui.WaitInteractiveAsync();

        // The editor puts the cursor in Name once its form is drawn. Typing before that lands would move the rest of the
        // typing into Name when the focus arrives (the campaign was once saved as "Spring fair …Smart factories").
        await Expect(page.Locator("[data-testid=name]:focus, [data-testid=name] :focus")).ToHaveCountAsync(1);

        // A bad form: no type, and it ends before it starts. Each problem is named under its field.
        var form = page.GetByTestId("campaign-form");
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("topic").FillAsync("Smart factories");
        await page.GetByTestId("starts-at").FillAsync("2030-05-02T09:00");
        await page.GetByTestId("ends-at").FillAsync("2030-05-01T18:00");
        await page.GetByTestId("budget").FillAsync("20000");
        await page.GetByTestId("save").ClickAsync();
        await Expect(FieldOf(page.GetByTestId("ends-at"))).ToContainTextAsync("A campaign cannot end before it starts.");
        await Expect(form).ToContainTextAsync("Type is required.");
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/campaigns/new$"));

        // Fixed: the messages go as the fields are put right, and the campaign is saved.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Type" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Trade show" }).ClickAsync();
        await ListClosedAsync(page);
        await Expect(form).Not.ToContainTextAsync("Type is required.");
        await page.GetByTestId("ends-at").FillAsync("2030-05-03T18:00");
        await Expect(form).Not.ToContainTextAsync("A campaign cannot end before it starts.");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1, Exact = true })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/campaigns/[0-9a-f-]{36}$"));
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Planned");
        // Times in the user's zone (the browser runs in Asia/Shanghai), as typed.
        await Expect(page.GetByTestId("facts")).ToContainTextAsync("2030-05-02 09:00");
        // Its planner owns it (and gets its reminders) unless the form named someone else.
        await Expect(page.GetByTestId("facts")).ToContainTextAsync("Li Wei");

        // A cost line: refused without a description, then recorded; actual cost against the budget.
        var costForm = page.GetByTestId("cost-form");
        await page.GetByTestId("cost-amount").FillAsync("8000");
        await page.GetByTestId("cost-add").ClickAsync();
        await Expect(costForm).ToContainTextAsync("What was paid for?");
        await page.GetByTestId("cost-description").FillAsync("Booth rent");
        await page.GetByTestId("cost-add").ClickAsync();
        await Expect(page.GetByTestId("costs")).ToContainTextAsync("Booth rent");
        await Expect(page.GetByTestId("actual-cost")).ToHaveTextAsync("¥8,000.00");
        await Expect(page.GetByTestId("remaining")).ToHaveTextAsync("¥12,000.00");
        await Expect(page.GetByTestId("budget-used")).ToContainTextAsync("40 %");
        await Expect(costForm).Not.ToContainTextAsync("What was paid for?");
        await page.GetByTestId("cost-description").FillAsync("Flyers");
        await page.GetByTestId("cost-amount").FillAsync("2500");
        await page.GetByTestId("cost-add").ClickAsync();
        await Expect(page.GetByTestId("actual-cost")).ToHaveTextAsync("¥10,500.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove the cost line Flyers" }).ClickAsync();
        await Expect(page.GetByTestId("costs")).Not.ToContainTextAsync("Flyers");
        await Expect(page.GetByTestId("actual-cost")).ToHaveTextAsync("¥8,000.00");

        // A participant: a phone without enough digits and a malformed e-mail are refused, then fixed.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Participants (0)" }).ClickAsync();
        var participantForm = page.GetByTestId("participant-form");
        await page.GetByTestId("participant-name").FillAsync("Chen Jie");
        await page.GetByTestId("participant-phone").FillAsync("12-3");
        await page.GetByTestId("participant-email").FillAsync("chen.at.guest");
        await page.GetByTestId("participant-add").ClickAsync();
        await Expect(FieldOf(page.GetByTestId("participant-phone"))).ToContainTextAsync("Phone must contain at least 5 digits.");
        await Expect(FieldOf(page.GetByTestId("participant-email"))).ToContainTextAsync("E-mail is not a valid address.");
        await page.GetByTestId("participant-phone").FillAsync("+86 138 0000 1111");
        await page.GetByTestId("participant-email").FillAsync($"chen.{Guid.NewGuid():N}@guest.test");
        await page.GetByTestId("participant-add").ClickAsync();
        await Expect(page.GetByTestId("participants")).ToContainTextAsync("Chen Jie");
        await Expect(page.GetByTestId("participants")).ToContainTextAsync("+86 138 0000 1111");
        await Expect(participantForm).Not.ToContainTextAsync("Phone must contain");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Participants (1)" })).ToBeVisibleAsync();

        // A reminder two days before the start, shown in the user's zone.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Reminders (0)" }).ClickAsync();
        await page.GetByTestId("reminder-days").FillAsync("2");
        await page.GetByTestId("reminder-add").ClickAsync();
        await Expect(page.GetByTestId("reminders")).ToContainTextAsync("2030-04-30 09:00");
        await Expect(page.GetByTestId("reminders")).ToContainTextAsync("not yet");
        await Expect(page.GetByTestId("reminders")).ToContainTextAsync("The campaign's owner");

        // Started: the status menu makes it active.
        await page.GetByTestId("change-status").ClickAsync();
        await page.GetByTestId("status-Active").ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Active");
        await ui.ScreenshotAsync("ui-campaign-detail");

        // The list finds it by a word of its name, filtered to active campaigns.
        await page.GotoAsync(fx.BaseUrl + "/funnel/campaigns");
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("search").FillAsync(name.Split(' ')[^1]);
        var table = page.GetByTestId("campaigns-table");
        await Expect(table.GetByTestId("campaign-link")).ToHaveCountAsync(1);
        await Expect(table.GetByTestId("campaign-link")).ToHaveTextAsync(name);
        await Expect(table).ToContainTextAsync("8,000.00");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task A_lead_from_the_public_web_form_is_assigned_by_the_workflow_and_appears_in_the_owners_inbox()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = "Web Visitor " + suffix;
        var email = $"visitor.{suffix}@example.test";
        using var admin = Api(AdminId, "Administrator");
        var campaign = await admin.PostAsJsonAsync("/api/funnel/campaigns", new
        {
            name = "Website " + suffix, type = "Advertising", startsAt = DateTime.UtcNow.AddDays(-1), endsAt = DateTime.UtcNow.AddDays(30), budget = 1000m,
        });
        Assert.Equal(HttpStatusCode.Created, campaign.StatusCode);
        var campaignId = (await campaign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The company website: an anonymous client loads the form token, then posts the HTML form's fields.
        using (var website = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) })
        {
            var token = (await website.GetFromJsonAsync<JsonElement>("/api/public/leads/form-token")).GetProperty("token").GetString()!;
            var sent = await website.PostAsync("/api/public/leads", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = name, ["company"] = "Visitor Co", ["email"] = email, ["phone"] = "+86 21 " + Random.Shared.Next(10_000_000, 99_999_999),
                ["message"] = "Please send a quote for 20 sensors.", ["campaignId"] = campaignId.ToString(), ["token"] = token, ["website"] = "",
            }));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        // The shipped workflow assigns it round robin among the salespeople: whoever it picked is the one to sign in.
        var lead = await EventuallyAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/funnel/leads?search={Uri.EscapeDataString(email)}");
            return page.GetProperty("items").EnumerateArray().FirstOrDefault(l => l.GetProperty("ownerId").ValueKind == JsonValueKind.String);
        }, "the web-form lead to be assigned");
        Assert.Equal(name, lead.GetProperty("name").GetString());
        Assert.Equal("WebForm", lead.GetProperty("capturedVia").GetString());
        var ownerId = lead.GetProperty("ownerId").GetGuid();
        var owner = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{ownerId}");
        Assert.Contains("Sales", owner.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var ownerName = owner.GetProperty("userName").GetString()!;

        // The follow-up task is created by the same workflow run; wait until it is committed before looking in the browser.
        using (var asOwner = Api(ownerId, "Sales"))
        {
            await EventuallyAsync(async () =>
            {
                var tasks = await asOwner.GetFromJsonAsync<JsonElement>("/api/inbox/tasks?view=mine&search=" + Uri.EscapeDataString(suffix));
                return tasks.GetProperty("items").EnumerateArray().FirstOrDefault(t => t.GetProperty("title").GetString()!.Contains(name, StringComparison.Ordinal));
            }, "the follow-up task in the owner's inbox");
        }

        // The owner signs in with the sign-in form and finds the task in their inbox.
        var ui = await fx.OpenAsync("/inbox", user: null);
        var browser = ui.Page;
        await Expect(browser).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Finbox$"));
        await browser.GetByLabel("User name").FillAsync(ownerName);
        await browser.GetByLabel("Password").FillAsync(UiFixture.DemoPassword);
        await browser.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(browser).ToHaveURLAsync(new Regex("/inbox$"));
        await ui.WaitInteractiveAsync();
        var taskTitle = $"Follow up lead: {name} (Visitor Co)";
        var link = browser.GetByTestId("task-link").Filter(new() { HasText = taskTitle });
        await Expect(link).ToBeVisibleAsync();
        await ui.ScreenshotAsync("ui-web-lead-inbox");

        // Opened: the task names the lead and links to it.
        await link.ClickAsync();
        await Expect(browser.GetByRole(AriaRole.Heading, new() { Name = taskTitle, Level = 1 })).ToBeVisibleAsync();
        await Expect(browser.GetByTestId("task-status")).ToHaveTextAsync("Open");
        await ui.WaitInteractiveAsync();
        await browser.GetByTestId("task-facts").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(browser).ToHaveURLAsync(new Regex($"/funnel/leads/{lead.GetProperty("id").GetGuid()}$"));
        await Expect(browser.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(browser.GetByTestId("owner")).ToHaveTextAsync(owner.GetProperty("displayName").GetString()!);

        // The lead counts for the campaign the form named; the campaign's lead count opens the leads list filtered to it.
        await browser.GetByTestId("facts").GetByRole(AriaRole.Link, new() { Name = "Website " + suffix }).ClickAsync();
        await Expect(browser.GetByRole(AriaRole.Heading, new() { Name = "Website " + suffix, Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();
        await Expect(browser.GetByTestId("leads-link")).ToHaveTextAsync("1");
        await browser.GetByTestId("leads-link").ClickAsync();
        await Expect(browser).ToHaveURLAsync(new Regex($"/funnel/leads\\?campaignId={campaignId}$"));
        await Expect(browser.GetByTestId("filter-campaign")).ToContainTextAsync("Website " + suffix);
        await Expect(browser.GetByTestId("lead-link")).ToHaveTextAsync(name);
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task An_executive_filters_and_reads_campaigns_but_cannot_change_them()
    {
        // The demo campaigns of the most common type, as the API lists them.
        using var admin = Api(AdminId, "Administrator");
        var all = (await admin.GetFromJsonAsync<JsonElement>("/api/funnel/campaigns?pageSize=200")).EnumerateArray().ToList();
        var type = all.GroupBy(c => c.GetProperty("type").GetString()!).MaxBy(g => g.Count())!;
        var label = Regex.Replace(type.Key, "(?<=[a-z])(?=[A-Z])", " ");
        label = label[0] + label[1..].ToLowerInvariant();

        var ui = await fx.OpenAsync("/funnel/campaigns", user: "executive");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("new-campaign")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Type" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true }).ClickAsync();
        await ListClosedAsync(page);
        var links = page.GetByTestId("campaigns-table").GetByTestId("campaign-link");
        await Expect(links).ToHaveCountAsync(Math.Min(25, type.Count()));

        await links.First.ClickAsync();
        await Expect(page.GetByTestId("facts")).ToContainTextAsync(label);
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("money")).ToContainTextAsync("Budget");
        await Expect(page.GetByTestId("costs")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("edit")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("change-status")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("cost-form")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("participant-form")).ToHaveCountAsync(0);
        ui.AssertNoErrors();
    }

    /// <summary>
    /// Waits until a select's option list has closed: while it is open, its overlay covers the page and takes the next
    /// click (a save button clicked too early only closes the list).
    /// </summary>
    private static Task ListClosedAsync(IPage page) => Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);

    /// <summary>The input control around a field (label, input, helper or error text).</summary>
    private static ILocator FieldOf(ILocator input) =>
        input.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]");

    /// <summary>The API as <paramref name="userId"/> through the test kit's header sign-in.</summary>
    private HttpClient Api(Guid userId, string role)
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, userId.ToString());
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, role);
        return client;
    }

    /// <summary>
    /// Asks again until the answer is there: the outbox and the workflow run in the background. The limit only keeps a
    /// broken build from hanging; it is not what the test measures.
    /// </summary>
    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 60 s for {what}.");
            }

            await Task.Delay(200);
        }
    }
}
