using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// Issue 6's CSV capture in a real browser: the leads list leads to the import page, a file with bad rows is checked
/// first and its bad rows are named by line and column, then only the valid rows become leads, found in the list.
/// </summary>
public sealed class LeadImportUiTests(FunnelUiFixture fx) : IClassFixture<FunnelUiFixture>
{
    // The check and the import answer from the server; on a loaded 2-core machine that can exceed the 5 s default.
    private static readonly LocatorAssertionsToHaveTextOptions SlowText = new() { Timeout = 15_000 };

    [UiFact]
    public async Task A_file_with_bad_rows_reports_them_by_line_then_the_valid_rows_become_leads()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (first, second) = ($"Mei Lin {tag}", $"Zhou Tao {tag}");
        var email = $"mei.{tag}@fair.test";
        var csv = "name,company,email,phone,source\n"
                  + $"{first},Harbour Optics,{email},,Event\n"
                  + $",Nameless Ltd,nobody.{tag}@fair.test,,\n"
                  + $"Wrong Source {tag},Harbour Optics,wrong.{tag}@fair.test,,Sideways\n"
                  + $"Mei Again {tag},Harbour Optics,{email.ToUpperInvariant()},,\n"
                  + $"{second},Delta Tools,,+86 21 5{Random.Shared.Next(1_000_000, 10_000_000)},Referral\n";

        var ui = await fx.OpenAsync("/funnel/leads");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/leads/import$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import leads", Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("import-template")).ToHaveAttributeAsync("href", new Regex("^data:text/csv.*name%2Ccompany%2CjobTitle%2Cemail%2Cphone"));

        await ui.ChooseFileAsync(page.GetByTestId("import-file"), new FilePayload { Name = "fair.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });

        // Checked, nothing imported yet: each bad row is named with its line, its column and the problem.
        await Expect(page.GetByTestId("import-summary")).ToHaveTextAsync("5 rows: 2 can be imported, 3 have errors.", SlowText);
        var rows = page.GetByTestId("import-errors").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0).Locator("td")).ToHaveTextAsync(["3", "name", "Name is required."]);
        await Expect(rows.Nth(1).Locator("td").Nth(0)).ToHaveTextAsync("4");
        await Expect(rows.Nth(1).Locator("td").Nth(1)).ToHaveTextAsync("source");
        await Expect(rows.Nth(1).Locator("td").Nth(2)).ToContainTextAsync("'Sideways' is not an entry of this list");
        await Expect(rows.Nth(2).Locator("td")).ToHaveTextAsync(["5", "email", "Same email as line 2 of this file."]);
        await Expect(page.GetByTestId("import-all")).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("ui-lead-import-report");

        await page.GetByTestId("import-valid").ClickAsync();
        await Expect(page.GetByTestId("import-done")).ToHaveTextAsync("Imported 2 leads; 3 rows skipped.", SlowText);

        // The valid rows are leads now; the bad ones are not.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to leads" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/leads$"));
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("search").FillAsync(tag);
        var links = page.GetByTestId("lead-link");
        await Expect(links).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("leads-table")).ToContainTextAsync(first);
        await Expect(page.GetByTestId("leads-table")).ToContainTextAsync(second);
        await Expect(page.GetByTestId("leads-table")).Not.ToContainTextAsync("Wrong Source");
        ui.AssertNoErrors();
    }
}
