using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The editable dictionaries in a real browser (issue 17.3): an administrator adds an industry on the Dictionaries
/// page (数据字典), a salesperson picks it by its label on a new account, sees the label (never the code) on the
/// account, and filters the account list by it.
/// </summary>
public sealed class DictionaryUiTests(UiFixture fx) : IClassFixture<UiFixture>
{
    [UiFact]
    public async Task An_admin_adds_an_industry_and_a_salesperson_picks_it_on_a_new_account_and_filters_by_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var code = "nev-" + suffix;
        var label = "New energy vehicles " + suffix;

        var admin = await fx.OpenAsync("/dictionaries?key=industry");
        var page = admin.Page;
        await admin.WaitInteractiveAsync();
        await Expect(page.GetByTestId("entry-manufacturing")).ToBeVisibleAsync();
        await page.GetByTestId("field-labelEnglish").FillAsync(label);
        await page.GetByTestId("field-labelChinese").FillAsync("新能源汽车" + suffix);
        await page.GetByTestId("field-code").FillAsync(code);
        await page.GetByTestId("add-entry").ClickAsync();
        await Expect(page.GetByTestId("entry-" + code)).ToBeVisibleAsync();
        await admin.ScreenshotAsync("ui-dictionary-added");
        admin.AssertNoErrors();

        var sales = await fx.OpenAsync("/accounts/new", user: "sales.sh");
        page = sales.Page;
        await sales.WaitInteractiveAsync();
        var name = "Dictionary Motors " + suffix;
        await page.GetByTestId("field-name").FillAsync(name);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Industry" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true }).ClickAsync();
        // The select sets its value and then closes its list; on a loaded machine a save clicked before that would be
        // handled first (the server runs the next event while the select awaits), so wait for the list to close.
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true })).ToBeHiddenAsync();
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/accounts/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("fact-industry")).ToHaveTextAsync(label);
        await Expect(page.GetByTestId("fact-source")).ToHaveTextAsync("Own development");

        await page.GotoAsync(fx.BaseUrl + "/accounts");
        await sales.WaitInteractiveAsync();
        await page.GetByTestId("more-filters").ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Industry" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = label, Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync([name]);
        await Expect(page.GetByTestId("row-industry")).ToHaveTextAsync([label]);
        await sales.ScreenshotAsync("ui-dictionary-filtered");
        sales.AssertNoErrors();
    }
}
