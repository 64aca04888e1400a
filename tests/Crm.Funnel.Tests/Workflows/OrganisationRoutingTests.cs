using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>
/// Routing follows the Branches tree (issue 14.3, ADR 0103): the shipped discount approval reaches the requester's own
/// chain and no other branch's manager, and round robin hands a lead only to people of its creator's unit.
/// </summary>
public sealed class OrganisationRoutingTests : IDisposable
{
    private readonly FunnelApp _app = new(new Dictionary<string, string?> { ["Funnel:Quotes:DiscountApprovalThresholdPercent"] = "15" }, moreModules: ["Branches"]);
    private readonly Dictionary<string, (Guid Id, string Role)> _people = [];
    private readonly Dictionary<string, Guid> _units = [];

    [Fact]
    public async Task A_Shanghai_discount_approval_reaches_only_Shanghais_chain()
    {
        await BuildOrganisationAsync();
        using var seller = Client("sales.sh");
        var account = await CreatedIdAsync(seller, "/api/accounts", new { name = "Pudong Tools", email = $"buyer{FunnelApp.Next()}@pudong.test" });
        var opportunity = await CreatedIdAsync(seller, "/api/funnel/opportunities", new { name = "Pudong rollout", accountId = account, amount = 1000m, expectedCloseDate = "2027-06-30" });
        var quote = await CreatedIdAsync(seller, $"/api/funnel/opportunities/{opportunity}/quotes",
            new { lines = new[] { new { description = "Licence", quantity = 10, unitPrice = 100m, discountPercent = 20m } } });
        await (await seller.PostAsJsonAsync($"/api/funnel/quotes/{quote}/submit", new { })).ShouldHave(HttpStatusCode.OK);

        await _app.DeliverEventsAsync();

        using var shanghai = Client("manager.sh");
        var task = Assert.Single(await TasksAsync(shanghai, "mine"), t => t.GetProperty("title").GetString()!.StartsWith("Discount of 20% on quote", StringComparison.Ordinal));
        // The approver can open what they approve; before issue 14 every branch manager got it and most could not.
        await (await shanghai.GetAsync($"/api/funnel/quotes/{quote}")).ShouldHave(HttpStatusCode.OK);
        foreach (var outsider in new[] { "manager.bj", "sales.bj" })
        {
            using var client = Client(outsider);
            Assert.Empty(await TasksAsync(client, "mine"));
            Assert.Empty(await TasksAsync(client, "group"));
        }

        await (await shanghai.PostAsJsonAsync($"/api/inbox/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome = "Approved", comment = "Key account" }))
            .ShouldHave(HttpStatusCode.OK);
        var decided = await (await (await seller.GetAsync($"/api/funnel/quotes/{quote}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal("Approved", decided.GetProperty("status").GetString());
        Assert.Equal(_people["manager.sh"].Id.ToString(), decided.GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task Round_robin_hands_a_salespersons_new_leads_only_to_people_of_their_own_unit()
    {
        await BuildOrganisationAsync();
        using var seller = Client("sales.sh");
        var leads = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            leads.Add(await CreatedIdAsync(seller, "/api/funnel/leads", FunnelApp.NewLead(name: $"Walk-in {i}")));
        }

        await _app.DeliverEventsAsync();

        var owners = new List<Guid>();
        foreach (var lead in leads)
        {
            owners.Add((await _app.LeadAsync(lead)).GetProperty("ownerId").GetGuid());
        }

        // Before issue 14.3 the rotation ran over every salesperson of the company, Beijing's included.
        Assert.All(owners, o => Assert.Contains(o, new[] { _people["sales.sh"].Id, _people["sales.sh2"].Id }));
        Assert.Equal(2, owners.Distinct().Count());
        Assert.DoesNotContain(_people["sales.bj"].Id, owners);
        using var manager = Client("manager.sh");
        foreach (var lead in leads)
        {
            await (await manager.GetAsync($"/api/funnel/leads/{lead}")).ShouldHave(HttpStatusCode.OK);
        }
    }

    public void Dispose() => _app.Dispose();

    private HttpClient Client(string person) => _app.App.CreateClientAs(_people[person].Id, _people[person].Role);

    private async Task BuildOrganisationAsync()
    {
        foreach (var (name, role) in new[]
                 {
                     ("ceo", CrmRoles.Executive), ("manager.sh", CrmRoles.BranchManager), ("manager.bj", CrmRoles.BranchManager),
                     ("sales.sh", CrmRoles.Sales), ("sales.sh2", CrmRoles.Sales), ("sales.bj", CrmRoles.Sales),
                 })
        {
            var id = Guid.NewGuid();
            _people[name] = (id, role);
            // No manager and no branch on the profiles: only the tree knows who reports to whom.
            _app.Directory.Staff.Add(new StaffMember(id, name, name, $"{name}@example.test", null, null, [role], true));
        }

        async Task Unit(string code, string? parent, string manager) =>
            _units[code] = await CreatedIdAsync(_app.Client, "/api/branches/units",
                new { name = code, code, parentId = parent is null ? (Guid?)null : _units[parent], managerId = _people[manager].Id, timeZone = "Asia/Shanghai" });

        await Unit("HQ", null, "ceo");
        await Unit("SH", "HQ", "manager.sh");
        await Unit("BJ", "HQ", "manager.bj");
        foreach (var (person, unit) in new[] { ("ceo", "HQ"), ("manager.sh", "SH"), ("sales.sh", "SH"), ("sales.sh2", "SH"), ("manager.bj", "BJ"), ("sales.bj", "BJ") })
        {
            await (await _app.Client.PostAsJsonAsync($"/api/branches/people/{_people[person].Id}/unit", new { unitId = _units[unit] })).ShouldHave(HttpStatusCode.OK);
        }
    }

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string url, object body) =>
        (await (await (await client.PostAsJsonAsync(url, body)).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

    private static async Task<List<JsonElement>> TasksAsync(HttpClient client, string view) =>
        (await (await (await client.GetAsync($"/api/inbox/tasks?view={view}")).ShouldHave(HttpStatusCode.OK)).ReadJson())
        .GetProperty("items").EnumerateArray().ToList();
}
