using System.Net;
using Crm.Branches.Demo;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Branches.Tests.Pages;

/// <summary>
/// The organisation pages as the server renders them (prerendered HTML) over the demo organisation: the tree with names
/// (never ids), a unit's members, the forms for administrators only, Chinese texts, and nothing with Branches off.
/// </summary>
public sealed class OrganisationPagesTests : IDisposable
{
    private static readonly Guid SalesSh = Guid.Parse("5a1e0000-0000-4000-8000-000000000001");

    private readonly CrmApp _app = new(["Branches"], new Dictionary<string, string?> { ["Demo:Seed"] = "true" });

    [Fact]
    public async Task The_tree_shows_units_managers_and_members_by_name_and_an_administrator_gets_the_form()
    {
        using var admin = _app.CreateClient(new() { AllowAutoRedirect = false });

        var html = await PageAsync(admin, "/organisation", HttpStatusCode.OK);

        Assert.Contains("<title>Organisation · Crm.Modular</title>", html, StringComparison.Ordinal);
        Assert.Contains("总部（上海）", html, StringComparison.Ordinal);
        Assert.Contains("上海销售部", html, StringComparison.Ordinal);
        Assert.Contains("Wang Fang", html, StringComparison.Ordinal); // manager of the Shanghai branch
        Assert.Contains("Li Wei", html, StringComparison.Ordinal); // member of the Shanghai sales team
        Assert.DoesNotContain("5a1e0000-", html, StringComparison.Ordinal); // no person shown as an id
        Assert.Contains("data-testid=\"unit-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_page_lists_its_members_with_their_dates_and_primary_unit()
    {
        using var admin = _app.CreateClient(new() { AllowAutoRedirect = false });
        var team = BranchesDemoSeeder.TeamId(BranchesDemoSeeder.Branches.Single(b => b.Code == "SH").Id, 1);

        var html = await PageAsync(admin, $"/organisation/units/{team}", HttpStatusCode.OK);

        Assert.Contains("<title>上海销售部 · Crm.Modular</title>", html, StringComparison.Ordinal);
        Assert.Contains("Li Wei", html, StringComparison.Ordinal);
        Assert.Contains($"{DateTime.UtcNow.Year}-01-01", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"move-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_salesperson_reads_the_organisation_but_gets_no_forms()
    {
        using var sales = _app.CreateClientAs(SalesSh, CrmRoles.Sales);

        var tree = await PageAsync(sales, "/organisation", HttpStatusCode.OK);
        var unit = await PageAsync(sales, $"/organisation/units/{BranchesDemoSeeder.Headquarters}", HttpStatusCode.OK);

        Assert.Contains("上海销售部", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"unit-form\"", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"move-form\"", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"unit-form\"", unit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chinese_reader_gets_the_page_in_chinese()
    {
        using var admin = _app.CreateClient(new() { AllowAutoRedirect = false });

        var html = await PageAsync(admin, "/organisation", HttpStatusCode.OK, "zh-CN,zh;q=0.9");

        Assert.Contains("<title>组织架构 · Crm.Modular</title>", html, StringComparison.Ordinal);
        Assert.Contains(">负责人<", html, StringComparison.Ordinal);
        Assert.Contains(">成员<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_user_page_shows_the_users_unit_by_name_and_offers_the_units_by_name()
    {
        using var admin = _app.CreateClient(new() { AllowAutoRedirect = false });

        var html = await PageAsync(admin, $"/users/{SalesSh}", HttpStatusCode.OK);

        Assert.Contains("data-testid=\"field-unit\"", html, StringComparison.Ordinal);
        Assert.Contains("上海分公司", html, StringComparison.Ordinal); // the branch on Li Wei's profile, by its name
        Assert.DoesNotContain("b2a0c000-", html, StringComparison.Ordinal); // never its id
    }

    [Fact]
    public async Task With_branches_off_the_pages_and_the_menu_entry_are_gone_and_the_user_page_shows_no_id()
    {
        using var app = new CrmApp(["Accounts"]);
        using var admin = app.CreateClient(new() { AllowAutoRedirect = false });
        var branch = Guid.Parse("b2a0c000-0000-4000-8000-0000000000ff");
        var user = await app.CreateUserAsync("branch.user", roles: [CrmRoles.Sales], branchId: branch);

        var home = await PageAsync(admin, "/", HttpStatusCode.OK);
        await PageAsync(admin, "/organisation", HttpStatusCode.NotFound);
        await PageAsync(admin, $"/organisation/units/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        var userPage = await PageAsync(admin, $"/users/{user}", HttpStatusCode.OK);

        Assert.DoesNotContain("href=\"organisation\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain(branch.ToString(), userPage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data-testid=\"field-unit\"", userPage, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private static async Task<string> PageAsync(HttpClient client, string path, HttpStatusCode expected, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        }

        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected} but got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }
}
