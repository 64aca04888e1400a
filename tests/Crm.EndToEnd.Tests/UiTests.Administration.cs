using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>The administrator's pages beyond the user form: a user's API keys and the identity audit log.</summary>
public sealed partial class UiTests
{
    [UiFact]
    public async Task An_administrator_issues_an_api_key_that_works_until_it_is_revoked()
    {
        var ui = await fx.OpenAsync("/users");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("user-search").FillAsync("implementer");
        await page.GetByTestId("user-link").Filter(new() { HasText = "Liu Yang" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Liu Yang", Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();
        var keyName = "ERP sync " + Guid.NewGuid().ToString("N")[..6];

        // Bad: no name.
        await page.GetByTestId("api-key-create").ClickAsync();
        await Expect(page.GetByTestId("api-keys")).ToContainTextAsync("Name the key after the integration that uses it.");

        await page.GetByTestId("api-key-name").FillAsync(keyName);
        await page.GetByTestId("api-key-create").ClickAsync();
        var secret = await page.GetByTestId("api-key-secret").InnerTextAsync();
        Assert.StartsWith("crm_", secret, StringComparison.Ordinal);
        var row = page.GetByTestId("api-key-table").Locator("tbody tr").Filter(new() { HasText = keyName });
        await Expect(row).ToContainTextAsync("Active");
        await ui.ScreenshotAsync("ui-api-key-created");

        using var integration = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        integration.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var me = await integration.GetFromJsonAsync<Dictionary<string, object?>>("/api/auth/me");
        Assert.Equal("implementer", me!["userName"]?.ToString());

        // The secret is shown once: after a reload only its first characters remain.
        await page.ReloadAsync();
        await ui.WaitInteractiveAsync();
        await Expect(row).ToContainTextAsync(secret[..16]);
        await Expect(page.GetByTestId("api-key-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByTestId("api-key-revoke").ClickAsync();
        await row.GetByTestId("api-key-revoke-confirm").ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/auth/me")).StatusCode);

        // The user's audit log lists the key's creation and revocation.
        await page.GetByTestId("user-audit-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/audit\\?userId=[0-9a-f-]{36}$"));
        var apiKeyRows = page.GetByTestId("audit-table").Locator("tbody tr").Filter(new() { HasText = "API key" });
        await Expect(apiKeyRows.Filter(new() { HasText = "Created" }).First).ToContainTextAsync("Zhou Min");
        await Expect(apiKeyRows.Filter(new() { HasText = "Changed" }).First).ToContainTextAsync("Zhou Min");
        await Expect(apiKeyRows.Filter(new() { HasText = "Changed" }).First).ToContainTextAsync("RevokedAtUtc: — → " + DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_audit_log_lists_failed_sign_ins_and_filters_by_kind_action_and_day()
    {
        var stranger = "nobody." + Guid.NewGuid().ToString("N")[..6];
        using (var anonymous = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) })
        {
            var failed = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = stranger, password = "wrong" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var ui = await fx.OpenAsync("/");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        var rows = page.GetByTestId("audit-table").Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Kind" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sign-in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Action" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sign-in failed" }).ClickAsync();
        await Expect(rows.Filter(new() { HasNotText = "Sign-in failed" })).ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = stranger })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = stranger })).ToContainTextAsync("unknown user name");
        await ui.ScreenshotAsync("ui-audit-log");

        // Tomorrow (in the browser's time zone) has no entries yet; today has this one.
        var today = DateTime.UtcNow.AddHours(8).Date;
        await page.GetByTestId("audit-from").FillAsync(today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("No entries match.");
        await page.GetByTestId("audit-from").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(rows.Filter(new() { HasText = stranger })).ToHaveCountAsync(1);
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_roles_page_says_what_each_role_may_use_and_leads_to_its_holders()
    {
        var ui = await fx.OpenAsync("/roles");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();

        var rows = page.GetByTestId("roles-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(7);
        await Expect(page.GetByTestId("role-policies-ProcessOwner")).ToContainTextAsync("Workflow designer");
        await Expect(page.GetByTestId("role-policies-Sales")).Not.ToContainTextAsync("Workflow designer");
        await Expect(page.GetByTestId("role-policies-Executive")).ToContainTextAsync("Approve quote discounts");

        // The demo data has three branch managers.
        var managers = rows.Filter(new() { HasText = "Branch manager" });
        await managers.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/users\\?role=BranchManager$"));
        await Expect(page.GetByTestId("users-table").Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("users-table")).ToContainTextAsync("Wang Fang");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task A_user_changes_their_own_password_and_stays_signed_in()
    {
        var userName = "e2e.pw." + Guid.NewGuid().ToString("N")[..6];
        await fx.App.CreateUserAsync(userName, roles: [Crm.BuildingBlocks.Identity.CrmRoles.Sales], displayName: "Pan Yu");
        var ui = await fx.OpenAsync("/login", user: null);
        var page = ui.Page;
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Crm.TestKit.CrmApp.TestPassword);
        await page.GetByLabel("Password").PressAsync("Enter");
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("user-menu-account").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("my-account-facts")).ToContainTextAsync("Pan Yu");
        await Expect(page.GetByTestId("my-account-facts")).ToContainTextAsync("Sales");

        // Wrong current password, then a new one that breaks the rules.
        await page.GetByLabel("Current password").FillAsync("Not#ThePass1");
        await page.GetByLabel("New password").FillAsync("Newer#Pass42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("password-form")).ToContainTextAsync("Incorrect password.");
        await page.GetByLabel("Current password").FillAsync(Crm.TestKit.CrmApp.TestPassword);
        await page.GetByLabel("New password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("password-form")).ToContainTextAsync("Passwords must");

        await page.GetByLabel("Current password").FillAsync(Crm.TestKit.CrmApp.TestPassword);
        await page.GetByLabel("New password").FillAsync("Newer#Pass42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();

        // This browser stays signed in (its cookie was renewed); the old password no longer works, the new one does.
        await page.GotoAsync(fx.BaseUrl + "/accounts");
        await Expect(page).ToHaveURLAsync(new Regex("/accounts$"));
        using var anonymous = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { userName, password = Crm.TestKit.CrmApp.TestPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { userName, password = "Newer#Pass42" })).StatusCode);
        ui.AssertNoErrors();
    }
}
