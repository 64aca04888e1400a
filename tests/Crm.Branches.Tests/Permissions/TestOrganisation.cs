using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Branches.Tests.Permissions;

/// <summary>
/// A small organisation over Accounts, Funnel and Branches for the data-permission tests:
/// HQ (ceo) → EAST (regional) → SH (manager.sh) → SH-T1 (sales.sh); HQ → BJ (manager.bj, sales.bj).
/// </summary>
internal sealed class TestOrganisation : IDisposable
{
    private TestOrganisation(CrmApp app) => App = app;

    public CrmApp App { get; }

    public string Tag { get; } = "org" + Guid.NewGuid().ToString("N")[..8];

    public Dictionary<string, Guid> People { get; } = [];

    public Dictionary<string, Guid> Units { get; } = [];

    private Dictionary<string, string> Roles { get; } = [];

    private Dictionary<Guid, Guid> Placements { get; } = [];

    /// <summary>The unit <paramref name="personId"/> was placed in.</summary>
    public Guid UnitOf(Guid personId) => Placements[personId];

    public static async Task<TestOrganisation> BuildAsync(IDictionary<string, string?>? settings = null, IEnumerable<Crm.BuildingBlocks.Modules.IModule>? extraModules = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var org = new TestOrganisation(new CrmApp(["Accounts", "Funnel", "Branches"], settings, services, extraModules));
        foreach (var (name, role) in new[]
                 {
                     ("ceo", CrmRoles.Executive), ("regional", CrmRoles.BranchManager), ("manager.sh", CrmRoles.BranchManager),
                     ("manager.bj", CrmRoles.BranchManager), ("sales.sh", CrmRoles.Sales), ("sales.bj", CrmRoles.Sales),
                 })
        {
            org.People[name] = await org.App.CreateUserAsync($"{name}.{org.Tag}", roles: [role]);
            org.Roles[name] = role;
        }

        using var admin = org.App.CreateClient();
        async Task Unit(string code, string? parent, string? manager)
        {
            var body = new { name = code, code, parentId = parent is null ? (Guid?)null : org.Units[parent], managerId = manager is null ? (Guid?)null : org.People[manager], timeZone = "Asia/Shanghai" };
            org.Units[code] = (await (await (await admin.PostAsJsonAsync("/api/branches/units", body)).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();
        }

        await Unit("HQ", null, "ceo");
        await Unit("EAST", "HQ", "regional");
        await Unit("SH", "EAST", "manager.sh");
        await Unit("SH-T1", "SH", null);
        await Unit("BJ", "HQ", "manager.bj");
        foreach (var (person, unit) in new[] { ("ceo", "HQ"), ("regional", "EAST"), ("manager.sh", "SH"), ("sales.sh", "SH-T1"), ("manager.bj", "BJ"), ("sales.bj", "BJ") })
        {
            await (await admin.PostAsJsonAsync($"/api/branches/people/{org.People[person]}/unit", new { unitId = org.Units[unit] })).ShouldHave(HttpStatusCode.OK);
            org.Placements[org.People[person]] = org.Units[unit];
        }

        return org;
    }

    public HttpClient ClientOf(string person) => App.CreateClientAs(People[person], Roles[person]);

    public async Task<List<Guid>> AccountIdsAsync(HttpClient client, string url) =>
        (await (await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson())
        .GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();

    public void Dispose() => App.Dispose();
}
