using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>A host with the Branches module and the demo organisation (HQ Shanghai, three branches with sales and service teams).</summary>
public sealed class OrganisationUiFixture() : UiFixture(["Accounts", "Branches"], new Dictionary<string, string?>());

/// <summary>
/// The organisation pages in a real browser (issue 14): an administrator moves a person to another unit from the unit
/// page, picking the person and the unit by name, and the unit page, the tree and the API all show the move at once.
/// </summary>
public sealed class OrganisationUiTests(OrganisationUiFixture fx) : IClassFixture<OrganisationUiFixture>
{
    private static readonly Guid AdminId = Guid.Parse("5a1e0000-0000-4000-8000-0000000000a1");

    /// <summary>The demo salesperson sales.sh, "Li Wei", who starts in the Shanghai sales team.</summary>
    private static readonly Guid LiWei = Guid.Parse("5a1e0000-0000-4000-8000-000000000001");

    [UiFact]
    public async Task Moving_a_person_to_another_unit_shows_in_the_unit_the_tree_and_the_api()
    {
        using var api = Api();
        var units = (await api.GetFromJsonAsync<JsonElement>("/api/branches/units")).EnumerateArray().ToList();
        Guid UnitId(string code) => units.Single(u => u.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();

        var ui = await fx.OpenAsync("/organisation");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var tree = page.GetByTestId("unit-tree");
        await Expect(tree.Locator("[data-unit='SH-SALES']")).ToContainTextAsync("Li Wei");
        await tree.GetByRole(AriaRole.Link, new() { Name = "上海销售部" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/organisation/units/{UnitId("SH-SALES")}$"));
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("members")).ToContainTextAsync("Li Wei");

        // Picked by name, never typed as an id; the effective date is the reader's today (Shanghai), already filled in.
        var form = page.GetByTestId("move-form");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Person" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Li Wei", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "To unit" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "上海服务部", Exact = true }).ClickAsync();
        var today = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd");
        await Expect(form.GetByTestId("move-from")).ToHaveValueAsync(today);
        await page.GetByTestId("move-save").ClickAsync();

        await Expect(page.GetByText("Li Wei now belongs to 上海服务部.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unit-title")).ToHaveTextAsync("上海销售部");
        await Expect(page.Locator("[data-testid='members'], [data-testid='no-members']").First).Not.ToContainTextAsync("Li Wei");
        await ui.ScreenshotAsync("ui-organisation-moved");

        await page.GotoAsync(fx.BaseUrl + "/organisation");
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("unit-tree").Locator("[data-unit='SH-SERVICE']")).ToContainTextAsync("Li Wei");
        await Expect(page.GetByTestId("unit-tree").Locator("[data-unit='SH-SALES']")).Not.ToContainTextAsync("Li Wei");

        var person = await api.GetFromJsonAsync<JsonElement>($"/api/branches/people/{LiWei}");
        var memberships = person.GetProperty("memberships").EnumerateArray().ToList();
        var current = memberships.Single(m => m.GetProperty("to").ValueKind == JsonValueKind.Null);
        Assert.Equal(UnitId("SH-SERVICE"), current.GetProperty("unitId").GetGuid());
        Assert.Equal(today, current.GetProperty("from").GetString());
        Assert.Contains(memberships, m => m.GetProperty("unitId").GetGuid() == UnitId("SH-SALES") && m.GetProperty("to").ValueKind == JsonValueKind.String);
        ui.AssertNoErrors();
    }

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, AdminId.ToString());
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, "Administrator");
        return client;
    }
}
