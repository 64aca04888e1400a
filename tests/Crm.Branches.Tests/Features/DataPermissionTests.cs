using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Branches.Tests.Permissions;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Branches.Tests.Features;

/// <summary>
/// Data permission through the organisation (issue 14): a record lands in its owner's unit, and each role's level
/// (own, own and reports, unit, unit subtree, all) decides what the list, the search and a single read return, in
/// Accounts and in Funnel alike, because both go through the one kit filter.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class DataPermissionTests
{
    [Fact]
    public async Task A_salespersons_new_account_is_seen_by_their_branch_and_region_managers_and_not_by_another_branch()
    {
        using var org = await TestOrganisation.BuildAsync();
        using var sales = org.ClientOf("sales.sh");

        var account = await (await (await sales.PostAsJsonAsync("/api/accounts", new { name = "Fresh " + org.Tag })).ShouldHave(HttpStatusCode.Created)).ReadJson();
        var id = account.GetProperty("id").GetGuid();

        Assert.Equal(org.Units["SH-T1"], account.GetProperty("branchId").GetGuid());
        foreach (var who in new[] { "manager.sh", "regional", "ceo", "sales.sh" })
        {
            using var client = org.ClientOf(who);
            Assert.Contains(id, await org.AccountIdsAsync(client, $"/api/accounts?pageSize=100"));
            Assert.Contains(id, await org.AccountIdsAsync(client, $"/api/accounts?search={org.Tag}&pageSize=100"));
            await (await client.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.OK);
        }

        foreach (var who in new[] { "manager.bj", "sales.bj" })
        {
            using var client = org.ClientOf(who);
            Assert.DoesNotContain(id, await org.AccountIdsAsync(client, $"/api/accounts?pageSize=100"));
            Assert.DoesNotContain(id, await org.AccountIdsAsync(client, $"/api/accounts?search={org.Tag}&pageSize=100"));
            await (await client.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task A_converted_opportunity_and_its_quote_follow_the_owner_into_their_unit_whatever_branch_the_lead_carried()
    {
        using var org = await TestOrganisation.BuildAsync();
        using var admin = org.App.CreateClient();
        // The lead was typed into Beijing's branch by hand; its owner works in Shanghai.
        var lead = await (await (await admin.PostAsJsonAsync("/api/funnel/leads", new
        {
            name = "Chen Lead", company = "Lead Co " + org.Tag, email = $"lead.{org.Tag}@example.cn", ownerId = org.People["sales.sh"], branchId = org.Units["BJ"],
        })).ShouldHave(HttpStatusCode.Created)).ReadJson();
        using var sales = org.ClientOf("sales.sh");

        var conversion = await (await (await sales.PostAsJsonAsync($"/api/funnel/leads/{lead.GetProperty("id").GetGuid()}/convert",
            new { amount = 50000, expectedCloseDate = "2027-03-31", version = lead.GetProperty("version").GetInt64() })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var opportunity = conversion.GetProperty("opportunityId").GetGuid();
        var quote = (await (await (await sales.PostAsJsonAsync($"/api/funnel/opportunities/{opportunity}/quotes", new
        {
            headerDiscountPercent = 0, lines = new[] { new { description = "Licence", quantity = 10, unitPrice = 3000, discountPercent = 0 } },
        })).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

        foreach (var who in new[] { "manager.sh", "regional" })
        {
            using var client = org.ClientOf(who);
            await (await client.GetAsync($"/api/funnel/opportunities/{opportunity}")).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync($"/api/funnel/quotes/{quote}")).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync($"/api/accounts/{conversion.GetProperty("accountId").GetGuid()}")).ShouldHave(HttpStatusCode.OK);
        }

        using var other = org.ClientOf("manager.bj");
        await (await other.GetAsync($"/api/funnel/opportunities/{opportunity}")).ShouldHave(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/funnel/quotes/{quote}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Own", new[] { "mine" })]
    [InlineData("OwnAndReports", new[] { "mine", "seller" })]
    [InlineData("Unit", new[] { "mine", "unowned-branch" })]
    [InlineData("UnitSubtree", new[] { "mine", "seller", "unowned-branch" })]
    [InlineData("All", new[] { "beijing", "mine", "seller", "unowned-branch" })]
    public async Task Each_permission_level_shows_exactly_its_records(string level, string[] expected)
    {
        using var org = await TestOrganisation.BuildAsync(new Dictionary<string, string?> { ["DataPermission:Levels:BranchManager"] = level });
        using var admin = org.App.CreateClient();
        var names = new Dictionary<string, Guid?>
        {
            ["mine"] = org.People["manager.sh"], ["seller"] = org.People["sales.sh"], ["beijing"] = org.People["sales.bj"], ["unowned-branch"] = null,
        };
        foreach (var (name, owner) in names)
        {
            await (await admin.PostAsJsonAsync("/api/accounts", new { name = $"{name} {org.Tag}", ownerId = owner, branchId = org.Units["SH"], tags = new[] { org.Tag } }))
                .ShouldHave(HttpStatusCode.Created);
        }

        using var manager = org.ClientOf("manager.sh");
        var page = await (await (await manager.GetAsync($"/api/accounts?tag={org.Tag}&pageSize=50")).ShouldHave(HttpStatusCode.OK)).ReadJson();

        Assert.Equal(expected, page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()!.Split(' ')[0]).Order());
    }

    /// <summary>HQ (ceo) → East (regional) → Shanghai (manager.sh) → SH-T1 (sales.sh); HQ → Beijing (manager.bj, sales.bj).</summary>
    [Fact]
    public async Task A_managers_team_in_the_tools_is_their_subtree_in_the_tree_and_a_salesperson_has_none()
    {
        using var org = await TestOrganisation.BuildAsync();

        async Task<List<Guid>> TeamOf(string who)
        {
            using var client = org.ClientOf(who);
            return (await (await (await client.GetAsync("/api/inbox/team/workload")).ShouldHave(HttpStatusCode.OK)).ReadJson())
                .EnumerateArray().Select(p => p.GetProperty("personId").GetGuid()).ToList();
        }

        // Nobody's profile names a manager or a branch here: the team comes from the tree alone.
        var regional = await TeamOf("regional");
        Assert.Contains(org.People["manager.sh"], regional);
        Assert.Contains(org.People["sales.sh"], regional);
        Assert.DoesNotContain(org.People["manager.bj"], regional);
        Assert.DoesNotContain(org.People["sales.bj"], regional);
        Assert.Equal([org.People["sales.bj"]], await TeamOf("manager.bj"));

        using var sales = org.ClientOf("sales.sh");
        await (await sales.GetAsync("/api/inbox/team/workload")).ShouldHave(HttpStatusCode.Forbidden);
        await (await sales.GetAsync("/api/inbox/tasks?view=team")).ShouldHave(HttpStatusCode.Forbidden);
        using var managerBj = org.ClientOf("manager.bj");
        await (await managerBj.GetAsync($"/api/inbox/transfers/preview?fromUserId={org.People["sales.sh"]}")).ShouldHave(HttpStatusCode.Forbidden);
        using var managerSh = org.ClientOf("manager.sh");
        await (await managerSh.GetAsync($"/api/inbox/transfers/preview?fromUserId={org.People["sales.sh"]}")).ShouldHave(HttpStatusCode.OK);
    }
}
