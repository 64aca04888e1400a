using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// Issue 17 in a real browser: an implementer adds a field to accounts on the custom-fields page, a salesperson fills it
/// on a new account, sees it on the account page, and filters the list on it. (A text field: the choice field over an
/// editable dictionary comes once the dictionaries of issue 17.3 are merged.)
/// </summary>
public sealed class CustomFieldUiTests(UiFixture fx) : IClassFixture<UiFixture>
{
    [UiFact]
    public async Task An_implementer_adds_a_field_and_a_salesperson_fills_and_filters_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var label = $"Contract code {tag}";
        var key = $"contract_code_{tag}";

        var admin = await fx.OpenAsync("/settings/custom-fields", user: "implementer");
        var page = admin.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Custom fields", Level = 1 })).ToBeVisibleAsync();
        await admin.WaitInteractiveAsync();
        await page.GetByTestId("cf-label-en").FillAsync(label);
        await page.GetByTestId("cf-label-zh").FillAsync($"合同编号 {tag}");
        await page.GetByTestId("cf-add").ClickAsync();
        await Expect(page.GetByTestId("cf-table")).ToContainTextAsync(key);
        admin.AssertNoErrors();

        var sales = await fx.OpenAsync("/accounts/new", user: "sales.sh");
        page = sales.Page;
        await sales.WaitInteractiveAsync();
        var name = $"Custom field buyer {tag}";
        await page.GetByTestId("field-name").FillAsync(name);
        await page.GetByTestId($"cf-{key}").FillAsync($"HT-{tag}");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/accounts/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId($"cf-value-{key}")).ToHaveTextAsync($"HT-{tag}");

        await page.GotoAsync(fx.BaseUrl + "/accounts");
        await sales.WaitInteractiveAsync();
        await page.GetByTestId("more-filters").ClickAsync();
        await page.GetByTestId($"cf-filter-{key}").FillAsync($"HT-{tag}");
        await Expect(page.GetByTestId("account-link")).ToHaveTextAsync([name]);
        await Expect(page.GetByTestId($"cf-cell-{key}")).ToHaveTextAsync([$"HT-{tag}"]);
        await page.GetByTestId($"cf-filter-{key}").FillAsync("no-such-code");
        await Expect(page.GetByTestId("account-link")).ToHaveCountAsync(0);
        sales.AssertNoErrors();
    }
}
