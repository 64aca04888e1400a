using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The web UI in a real browser against the real host with 320 demo accounts: navigation, server paging without page
/// reloads, forms with the module's validation messages, detail tabs, CSV import/export, the modules page, the
/// designer frame and the phone layout.
/// </summary>
public sealed partial class UiTests(UiFixture fx) : IClassFixture<UiFixture>
{
    [UiFact]
    public async Task Home_shows_the_dashboard_and_the_menu_leads_to_accounts()
    {
        var ui = await fx.OpenAsync("/");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("widget-needing-contact")).ToContainTextAsync("Customers needing contact");
        await Expect(page.GetByTestId("module-tiles")).ToContainTextAsync("Accounts");
        await ui.ScreenshotAsync("ui-home");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Accounts" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/accounts$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accounts", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("account-link")).ToHaveCountAsync(25);
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Account_list_pages_on_the_server_without_reloading_the_page()
    {
        var ui = await fx.OpenAsync("/accounts");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var links = page.GetByTestId("account-link");
        await Expect(links).ToHaveCountAsync(25);
        await Expect(page.GetByTestId("pager-info")).ToHaveTextAsync("Rows 1–25");
        var firstOnPageOne = await links.First.InnerTextAsync();

        // A full reload would drop this marker; Blazor's paging keeps the document.
        await page.EvaluateAsync("() => window.__notReloaded = true");
        await page.GetByTestId("pager-next").ClickAsync();

        await Expect(page.GetByTestId("pager-info")).ToHaveTextAsync("Rows 26–50");
        await Expect(links.First).Not.ToHaveTextAsync(firstOnPageOne);
        var names = await links.AllInnerTextsAsync();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "The page was reloaded.");

        await page.GetByTestId("pager-count").ClickAsync();
        await Expect(page.GetByTestId("pager-info")).ToHaveTextAsync("Rows 26–50 of 320");
        await page.GetByTestId("pager-previous").ClickAsync();
        await Expect(links.First).ToHaveTextAsync(firstOnPageOne);
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Account_list_search_and_stage_filter_narrow_the_rows()
    {
        var ui = await fx.OpenAsync("/accounts");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var links = page.GetByTestId("account-link");
        await Expect(links).ToHaveCountAsync(25);
        var name = await links.Nth(3).InnerTextAsync();

        await page.GetByTestId("search").FillAsync(name);
        await Expect(links.First).ToHaveTextAsync(name);
        Assert.True(await links.CountAsync() < 25);

        await page.GetByTestId("search").FillAsync("");
        await Expect(links).ToHaveCountAsync(25);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Stage" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Opportunity" }).ClickAsync();
        await page.WaitForFunctionAsync(
            "() => { const s = [...document.querySelectorAll('[data-testid=accounts-table] tbody td:nth-child(2)')].map(t => t.innerText); return s.length > 0 && s.every(t => t.includes('Opportunity')); }");
        var stages = await page.GetByTestId("accounts-table").Locator("tbody td:nth-child(2)").AllInnerTextsAsync();
        Assert.All(stages, s => Assert.Contains("Opportunity", s, StringComparison.Ordinal));
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Creating_an_account_shows_field_messages_then_saves_the_corrected_form()
    {
        var ui = await fx.OpenAsync("/accounts/new");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var name = "Playwright Trading " + Guid.NewGuid().ToString("N")[..6];

        // Bad: no name, a broken e-mail, a phone without enough digits, a partner without a partner type.
        await page.GetByTestId("field-email").FillAsync("not-an-email");
        await page.GetByTestId("field-phone").FillAsync("12");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Type" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Partner" }).ClickAsync();
        await page.GetByTestId("save").ClickAsync();

        await Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        await Expect(Control(page, "field-name")).ToContainTextAsync("Name is required.");
        await Expect(Control(page, "field-email")).ToContainTextAsync("E-mail is not a valid address.");
        await Expect(Control(page, "field-phone")).ToContainTextAsync("Phone must contain at least 5 digits.");
        await Expect(Control(page, "field-partnerType")).ToContainTextAsync("A partner needs a partner type");
        await Expect(page).ToHaveURLAsync(new Regex("/accounts/new$"));
        // The keyboard is on the first field to fix.
        Assert.Equal("field-name", await page.EvaluateAsync<string>("() => document.activeElement.dataset.testid"));
        await ui.ScreenshotAsync("ui-create-errors");

        // Good: fix each field; messages clear as the fields are fixed.
        await page.GetByTestId("field-name").FillAsync(name);
        await page.GetByTestId("field-email").FillAsync($"buyer-{Guid.NewGuid():N}@example.test");
        await page.GetByTestId("field-phone").FillAsync("+86 21 " + Random.Shared.Next(10_000_000, 99_999_999));
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Partner type" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Distributor" }).ClickAsync();
        await page.GetByTestId("field-creditLimit").FillAsync("250000.50");
        await page.GetByTestId("field-creditLimit").PressAsync("Tab");
        await Expect(Control(page, "field-name")).Not.ToContainTextAsync("Name is required.");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/accounts/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("facts")).ToContainTextAsync("250,000.50");

        // The record is in the list.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Accounts" }).ClickAsync();
        await page.GetByTestId("search").FillAsync(name);
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync([name]);
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_duplicate_warning_appears_beside_Save_in_view_and_Save_anyway_saves()
    {
        // Issue 12.12: the warning used to be drawn at the top of the form while the page stayed scrolled at Save.
        var email = $"twin-{Guid.NewGuid():N}@example.test";
        var ui = await fx.OpenAsync("/accounts/new");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("field-name").FillAsync("Twin Original " + Guid.NewGuid().ToString("N")[..6]);
        await page.GetByTestId("field-email").FillAsync(email);
        await page.GetByTestId("save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/accounts/[0-9a-f-]{36}$"));
        var original = page.Url;

        await page.GotoAsync(fx.BaseUrl + "/accounts/new");
        await ui.WaitInteractiveAsync();
        var copy = "Twin Copy " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("field-name").FillAsync(copy);
        await page.GetByTestId("field-email").FillAsync(email);
        await page.GetByTestId("save").ScrollIntoViewIfNeededAsync();
        await page.GetByTestId("save").ClickAsync();

        var warning = page.GetByTestId("duplicate");
        await Expect(warning).ToContainTextAsync("An account with the same");
        await Expect(warning).ToBeInViewportAsync();
        await Expect(page.GetByTestId("save")).ToBeInViewportAsync();
        Assert.Equal("form-alerts", await page.EvaluateAsync<string>("() => document.activeElement.dataset.testid"));
        await ui.ScreenshotAsync("ui-duplicate-warning");
        await Expect(warning.GetByRole(AriaRole.Link, new() { Name = "Open the existing account" })).ToHaveAttributeAsync("href", new Regex(original[(original.LastIndexOf('/') + 1)..] + "$"));

        await page.GetByTestId("save-anyway").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/accounts/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = copy, Level = 1 })).ToBeVisibleAsync();
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_bell_shows_an_unread_notification_and_marks_it_read()
    {
        var title = "Quote approved " + Guid.NewGuid().ToString("N")[..6];
        using (var scope = fx.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IUserNotifications>().NotifyAsync(AdminUserId, title, "Your discount was approved.", "/accounts");
        }

        var ui = await fx.OpenAsync("/");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var bell = page.GetByTestId("bell");
        await Expect(bell).ToHaveAttributeAsync("aria-label", new Regex(@"^Notifications \([1-9][0-9]* unread\)$"));
        var unread = int.Parse(Regex.Match(await bell.GetAttributeAsync("aria-label") ?? "", "[0-9]+").Value, System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("bell-count")).ToContainTextAsync(unread.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await bell.ClickAsync();
        var item = page.GetByTestId("notification").Filter(new() { HasText = title });
        await Expect(item).ToHaveAttributeAsync("data-read", "false");
        await Expect(item).ToContainTextAsync("Your discount was approved.");
        await ui.ScreenshotAsync("ui-notification-bell");
        await item.GetByTestId("mark-read").ClickAsync();
        await Expect(item).ToHaveAttributeAsync("data-read", "true");
        await Expect(item.GetByTestId("mark-read")).ToHaveCountAsync(0);
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications ({unread - 1} unread)");

        // Stored as read: a fresh page counts one fewer.
        await page.ReloadAsync();
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("aria-label", $"Notifications ({unread - 1} unread)");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Account_detail_tabs_show_contacts_interactions_stage_history_and_audit()
    {
        var ui = await fx.OpenAsync("/accounts");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var first = page.GetByTestId("account-link").First;
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();
        // Only Accounts is on here: no other module adds a tab to the customer page.
        await Expect(page.GetByRole(AriaRole.Tab)).ToHaveTextAsync([new Regex("^Contacts"), new Regex("^Interactions"), new Regex("^Stage history"), new Regex("^Collaborators"), new Regex("^Audit")]);

        // Contacts: add one.
        var contact = "Li Wei " + Guid.NewGuid().ToString("N")[..4];
        var addContact = page.GetByTestId("add-contact");
        await addContact.GetByLabel("Contact name").FillAsync(contact);
        await addContact.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Expect(page.GetByTestId("contacts")).ToContainTextAsync(contact);

        // Interactions: a summary is required, then the call is logged.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Interactions" }).ClickAsync();
        var log = page.GetByTestId("log-interaction");
        await log.GetByRole(AriaRole.Button, new() { Name = "Log interaction" }).ClickAsync();
        await Expect(log).ToContainTextAsync("Summary is required");
        var summary = "Called about the spring order " + Guid.NewGuid().ToString("N")[..4];
        await page.GetByTestId("interaction-summary").FillAsync(summary);
        await log.GetByRole(AriaRole.Button, new() { Name = "Log interaction" }).ClickAsync();
        await Expect(page.GetByTestId("interactions")).ToContainTextAsync(summary);
        // By name, never by user id (the UI kit's Person).
        await Expect(page.GetByTestId("interactions").Locator("tbody tr").Filter(new() { HasText = summary }).GetByTestId("person")).ToHaveTextAsync(AdminName);
        await Expect(page.GetByTestId("interactions")).Not.ToContainTextAsync("5a1e0000");

        // Stage: change it, and see it in the history.
        await page.GetByTestId("change-stage").ClickAsync();
        var current = await page.GetByTestId("stage").InnerTextAsync();
        var target = current.Contains("Opportunity", StringComparison.Ordinal) ? "Potential" : "Opportunity";
        await page.GetByRole(AriaRole.Combobox, new() { Name = "New stage" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = target }).ClickAsync();
        await page.GetByLabel("Reason").FillAsync("Asked for a quote");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync(target);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Stage history" }).ClickAsync();
        await Expect(page.GetByTestId("stage-history")).ToContainTextAsync("Asked for a quote");

        // Owner: assign the account to a member of staff from the directory.
        await page.GetByTestId("change-owner").ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "New owner" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Zhang Na" }).ClickAsync();
        await page.GetByTestId("owner-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByTestId("facts")).ToContainTextAsync("Zhang Na");

        // Audit: the new contact and the stage change (by name, not the stored number) are recorded.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Audit" }).ClickAsync();
        var audit = page.GetByTestId("audit");
        await Expect(audit).ToContainTextAsync("Contact · Created");
        await Expect(audit).ToContainTextAsync($"→ {target}");
        await ui.ScreenshotAsync("ui-detail-audit");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Import_reports_row_errors_then_imports_the_valid_rows()
    {
        var ui = await fx.OpenAsync("/accounts/import");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var good = "Imported Good " + Guid.NewGuid().ToString("N")[..6];
        var csv = $"name,email,stage\n{good},good-{Guid.NewGuid():N}@example.test,Potential\n,missing-name@example.test,Potential\nBad Stage Co,,Sideways\n";

        await ui.ChooseFileAsync(page.GetByTestId("import-file"), new FilePayload { Name = "accounts.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });

        await Expect(page.GetByTestId("import-summary")).ToHaveTextAsync("3 rows: 1 can be imported, 2 have errors.");
        var errors = page.GetByTestId("import-errors");
        await Expect(errors).ToContainTextAsync("Name is required.");
        await Expect(errors).ToContainTextAsync("Stage must be one of");
        await Expect(errors.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(errors.Locator("tbody tr").First).ToContainTextAsync("3");
        await ui.ScreenshotAsync("ui-import-report");

        await page.GetByTestId("import-valid").ClickAsync();
        await Expect(page.GetByTestId("import-done")).ToHaveTextAsync("Imported 1 accounts; 2 rows skipped.");

        ui.AssertNoErrors();
        var list = await fx.OpenAsync("/accounts?search=" + Uri.EscapeDataString(good));
        await Expect(list.Page.GetByTestId("account-link")).ToHaveTextAsync([good]);
    }

    [UiFact]
    public async Task Export_downloads_the_filtered_list_as_csv()
    {
        var ui = await fx.OpenAsync("/accounts?stage=Opportunity");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("account-link").First).ToBeVisibleAsync();

        await page.GetByTestId("export").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path);

        Assert.Matches(new Regex(@"^accounts-\d{8}-\d{6}\.csv$"), download.SuggestedFilename);
        Assert.StartsWith("id,name,kind,type,partnerType,stage", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",Opportunity,", l, StringComparison.Ordinal));

        // The same rows as an Excel workbook.
        await page.GetByTestId("export").ClickAsync();
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        Assert.Matches(new Regex(@"^accounts-\d{8}-\d{6}\.xlsx$"), workbook.SuggestedFilename);
        await using (var file = File.OpenRead(await workbook.PathAsync()))
        {
            var rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(lines.Length - 1, rows.Count);
            Assert.All(rows, r => Assert.Equal("Opportunity", r["stage"]));
        }

        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Signing_in_with_a_demo_user_returns_to_the_page_and_signing_out_ends_the_session()
    {
        var ui = await fx.OpenAsync("/accounts", user: null);
        var page = ui.Page;
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Faccounts$"));

        await page.GetByLabel("User name").FillAsync("sales.sh");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByLabel("Password").PressAsync("Enter");
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("The user name or password is not correct.");

        await page.GetByLabel("User name").FillAsync("sales.sh");
        await page.GetByLabel("Password").FillAsync(UiFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/accounts$"));
        await ui.WaitInteractiveAsync();
        // Sales staff see their own customers' menu, not the administration pages.
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Modules" })).ToHaveCountAsync(0);

        await page.GetByTestId("user-menu").ClickAsync();
        await Expect(page.GetByTestId("user-menu-name")).ToHaveTextAsync("Li Wei");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync(fx.BaseUrl + "/accounts");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Faccounts$"));
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task An_administrator_creates_a_user_with_roles_who_then_appears_in_the_user_list()
    {
        var ui = await fx.OpenAsync("/");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(page.GetByTestId("user-link").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New user" }).ClickAsync();
        await ui.WaitInteractiveAsync();
        var userName = "e2e." + Guid.NewGuid().ToString("N")[..6];

        // Bad: no display name, a password that breaks the rules.
        await page.GetByTestId("field-userName").FillAsync(userName);
        await page.GetByTestId("field-password").FillAsync("short");
        await page.GetByTestId("save-user").ClickAsync();
        await Expect(Control(page, "field-displayName")).ToContainTextAsync("Display name is required.");

        await page.GetByTestId("field-displayName").FillAsync("Ma Lin");
        await page.GetByTestId("save-user").ClickAsync();
        await Expect(Control(page, "field-password")).ToContainTextAsync("Passwords must");

        // Good: a strong password and two roles.
        await page.GetByTestId("field-password").FillAsync("Strong#Pass9");
        await page.GetByTestId("roles").GetByLabel("Sales").CheckAsync();
        await page.GetByTestId("roles").GetByLabel("Service").CheckAsync();
        await page.GetByTestId("save-user").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/users/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ma Lin", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).First.ClickAsync();
        await page.GetByTestId("user-search").FillAsync(userName);
        await Expect(page.GetByTestId("users-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("users-table").Locator("tbody tr")).ToContainTextAsync("Sales, Service");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Modules_page_shows_each_module_and_its_storage()
    {
        var ui = await fx.OpenAsync("/modules");
        var page = ui.Page;

        var table = page.GetByTestId("modules-table");
        await Expect(table).ToContainTextAsync("Accounts");
        await Expect(table).ToContainTextAsync("Notifications");
        await Expect(table).ToContainTextAsync("Workflows");
        await Expect(page.GetByTestId("migration-Accounts")).ToHaveTextAsync("Up to date");
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Unknown_address_shows_the_not_found_page_with_the_menu()
    {
        var ui = await fx.OpenAsync("/no-such-page");
        var page = ui.Page;

        await Expect(page.GetByTestId("not-found")).ToContainTextAsync("Page not found");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })).ToBeVisibleAsync();
    }

    [UiFact]
    public async Task Phone_width_hides_the_menu_behind_a_button_and_lists_accounts_as_cards()
    {
        var ui = await fx.OpenAsync("/accounts", width: 390, height: 844);
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var accountsLink = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Accounts" });

        await Expect(page.GetByTestId("account-link").First).ToBeVisibleAsync();
        await Expect(accountsLink).Not.ToBeInViewportAsync();
        // Nothing wider than the screen: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "The page scrolls sideways.");
        await ui.ScreenshotAsync("ui-phone-list", fullPage: false);

        await page.GetByTestId("menu-toggle").ClickAsync();
        await Expect(accountsLink).ToBeInViewportAsync();
        await ui.ScreenshotAsync("ui-phone-menu", fullPage: false);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Modules" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/modules$"));
        ui.AssertNoErrors();
    }

    /// <summary>
    /// Issue 12.19: on a 375 px phone the account page (the shell around it, its facts, tabs and tables) fits the screen;
    /// the facts stack in one column instead of running off to the right. A demo account with a long address is opened,
    /// as that is what widened the page before.
    /// </summary>
    [UiFact]
    public async Task On_a_375_px_phone_the_account_page_fits_the_width_and_its_facts_stack()
    {
        var ui = await fx.OpenAsync("/accounts", width: 375, height: 812);
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        const string fits = "() => document.documentElement.scrollWidth <= 375";
        Assert.True(await page.EvaluateAsync<bool>(fits), "The account list scrolls sideways on a phone.");

        var first = page.GetByTestId("account-link").First;
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();
        var facts = page.GetByTestId("facts");
        await Expect(facts).ToContainTextAsync("Address");
        await ui.ScreenshotAsync("ui-phone-account", fullPage: false);

        Assert.True(await page.EvaluateAsync<bool>(fits), $"The account page is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide on a 375 px phone.");
        // One column: every fact starts at the same left edge and lies within the screen.
        var boxes = await facts.Locator(":scope > div").EvaluateAllAsync<double[][]>("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })");
        Assert.True(boxes.Length > 5);
        Assert.All(boxes, b => Assert.Equal(boxes[0][0], b[0], 1));
        Assert.All(boxes, b => Assert.InRange(b[1], 0, 375));

        // Each tab's table fits too.
        foreach (var tab in new[] { "Interactions", "Stage history", "Audit" })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            Assert.True(await page.EvaluateAsync<bool>(fits), $"The {tab} tab scrolls sideways on a phone.");
        }

        ui.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Designer_page_shows_the_studio_in_a_full_height_frame()
    {
        var ui = await fx.OpenAsync("/workflows");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();

        var frame = page.GetByTestId("designer-frame");
        await Expect(frame).ToBeVisibleAsync();
        await Expect(page.FrameLocator("[data-testid=designer-frame]").GetByText("Create workflow")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var box = await frame.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Height > 600, $"The designer frame is only {box.Height}px high.");
        await ui.ScreenshotAsync("ui-designer");
    }

    /// <summary>The demo "admin" user's display name and id (Demo:Seed).</summary>
    private const string AdminName = "Zhou Min";

    private const string AdminUserId = "5a1e0000-0000-4000-8000-0000000000a1";

    /// <summary>The MudBlazor input control around the input with this test id: it holds the label and the field message.</summary>
    private static ILocator Control(IPage page, string testId) =>
        page.GetByTestId(testId).Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]");
}
