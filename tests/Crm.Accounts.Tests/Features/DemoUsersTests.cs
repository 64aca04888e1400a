using System.Net;
using System.Net.Http.Json;
using Crm.Accounts.Demo;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// The demo users (Demo:Seed=true) match the demo accounts: every demo owner and branch belongs to a demo user, so a
/// sales person signing in with the documented password sees the customers they own, a branch manager its branch.
/// </summary>
public sealed class DemoUsersTests : IDisposable
{
    private const string DemoPassword = "Demo#2026";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "crm-tests", "demo-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_demo_owner_and_branch_has_a_demo_user_and_every_role_a_person()
    {
        using var app = Demo();
        using var admin = app.CreateClient();

        var users = (await (await (await admin.GetAsync("/api/users?pageSize=200")).ShouldHave(HttpStatusCode.OK)).ReadJson())
            .GetProperty("items").EnumerateArray().ToList();

        var ids = users.Select(u => u.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Subset(ids, AccountsDemoSeeder.DemoOwners.ToHashSet());
        var managers = users.Where(u => Roles(u).Contains(CrmRoles.BranchManager)).ToList();
        Assert.Subset(managers.Select(m => m.GetProperty("branchId").GetGuid()).ToHashSet(), AccountsDemoSeeder.DemoBranches.ToHashSet());
        Assert.Subset(users.SelectMany(Roles).ToHashSet(), CrmRoles.All.ToHashSet());

        // Sales report to the manager of their branch.
        foreach (var sales in users.Where(u => Roles(u).Contains(CrmRoles.Sales)))
        {
            var manager = users.Single(u => u.GetProperty("id").GetGuid() == sales.GetProperty("managerId").GetGuid());
            Assert.Contains(CrmRoles.BranchManager, Roles(manager));
            Assert.Equal(sales.GetProperty("branchId").GetGuid(), manager.GetProperty("branchId").GetGuid());
        }
    }

    [Fact]
    public async Task A_demo_sales_person_signs_in_and_sees_only_their_customers_and_a_manager_its_branch()
    {
        using var app = Demo();

        var (salesId, salesAccounts) = await SignInAndListAsync(app, "sales.sh");
        var (managerId, managerAccounts) = await SignInAndListAsync(app, "manager.sh");
        var (_, executiveAccounts) = await SignInAndListAsync(app, "executive");

        Assert.NotEmpty(salesAccounts);
        Assert.All(salesAccounts, a => Assert.Equal(salesId, a.OwnerId));
        Assert.NotEmpty(managerAccounts);
        Assert.All(managerAccounts, a => Assert.True(a.BranchId == AccountsDemoSeeder.DemoBranches[0] || a.OwnerId == managerId));
        Assert.True(executiveAccounts.Count > managerAccounts.Count);
        Assert.True(managerAccounts.Count > salesAccounts.Count);
    }

    [Fact]
    public async Task Every_demo_user_signs_in_with_the_documented_password_and_a_second_start_seeds_nothing_new()
    {
        int count;
        using (var first = Demo())
        {
            using var admin = first.CreateClient();
            var users = (await (await admin.GetAsync("/api/users?pageSize=200")).ReadJson()).GetProperty("items").EnumerateArray().ToList();
            count = users.Count;
            foreach (var user in users)
            {
                using var client = first.CreateAnonymousClient();
                var name = user.GetProperty("userName").GetString();
                await (await client.PostAsJsonAsync("/api/auth/login", new { userName = name, password = DemoPassword })).ShouldHave(HttpStatusCode.OK);
            }
        }

        using var second = Demo();
        using var again = second.CreateClient();
        var total = (await (await again.GetAsync("/api/users?includeTotal=true")).ReadJson()).GetProperty("total").GetInt64();
        Assert.Equal(count, total);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private CrmApp Demo() => new(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Database:DataDirectory"] = _data });

    private static IEnumerable<string> Roles(System.Text.Json.JsonElement user) =>
        user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!);

    private static async Task<(Guid UserId, List<(Guid? OwnerId, Guid? BranchId)> Accounts)> SignInAndListAsync(CrmApp app, string userName)
    {
        using var client = app.CreateAnonymousClient();
        var me = await (await (await client.PostAsJsonAsync("/api/auth/login", new { userName, password = DemoPassword })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var page = await (await (await client.GetAsync("/api/accounts?pageSize=200")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var accounts = page.GetProperty("items").EnumerateArray()
            .Select(a => (Guid(a, "ownerId"), Guid(a, "branchId")))
            .ToList();
        return (me.GetProperty("userId").GetGuid(), accounts);

        static Guid? Guid(System.Text.Json.JsonElement e, string name) =>
            e.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Null ? null : e.GetProperty(name).GetGuid();
    }
}
