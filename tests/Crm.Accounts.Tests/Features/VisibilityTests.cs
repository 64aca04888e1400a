using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// Who sees which accounts (docs/modules/accounts.md): sales and service people their own, a branch manager its
/// branch's (and its own), everyone else all. The rule holds for the list, search, one account, the export, the sub-lists
/// and every change; an account outside it answers 404, exactly like a missing one.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class VisibilityTests(VisibilityTests.World w) : IClassFixture<VisibilityTests.World>
{
    public static TheoryData<string, string[]> ListCases => new()
    {
        { "salesA", ["a1"] },
        { "salesB", ["a2", "a3"] },
        { "serviceA", ["a5"] },
        { "managerB1", ["a1", "a5", "a6"] },
        { "executive", ["a1", "a2", "a3", "a4", "a5", "a6"] },
        { "implementer", ["a1", "a2", "a3", "a4", "a5", "a6"] },
        { "processOwner", ["a1", "a2", "a3", "a4", "a5", "a6"] },
        { "admin", ["a1", "a2", "a3", "a4", "a5", "a6"] },
    };

    [Theory]
    [MemberData(nameof(ListCases))]
    public async Task The_list_search_and_export_show_only_visible_accounts(string who, string[] expected)
    {
        using var client = w.ClientOf(who);

        var listed = await w.NamesAsync(client, $"/api/accounts?tag={w.Tag}&pageSize=50");
        var searched = await w.NamesAsync(client, $"/api/accounts?search={w.Tag}&pageSize=50");
        var exported = await w.ExportedNamesAsync(client);

        Assert.Equal(expected, listed);
        Assert.Equal(expected, searched);
        Assert.Equal(expected, exported);
    }

    [Theory]
    [InlineData("salesA", "a1", "a2")]
    [InlineData("salesB", "a3", "a1")]
    [InlineData("serviceA", "a5", "a4")]
    [InlineData("managerB1", "a5", "a3")]
    public async Task Reads_of_an_invisible_account_are_404_like_a_missing_one(string who, string visible, string invisible)
    {
        using var client = w.ClientOf(who);
        var id = w.Accounts[invisible];

        await (await client.GetAsync($"/api/accounts/{w.Accounts[visible]}")).ShouldHave(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/accounts/{id}/interactions")).ShouldHave(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/accounts/{id}/stage-history")).ShouldHave(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/accounts/{id}/audit")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("salesA", "a2")]
    [InlineData("serviceA", "a1")]
    [InlineData("managerB1", "a4")]
    public async Task Changes_to_an_invisible_account_are_404_and_change_nothing(string who, string invisible)
    {
        using var client = w.ClientOf(who);
        var id = w.Accounts[invisible];
        using var admin = w.App.CreateClient();
        var before = await (await admin.GetAsync($"/api/accounts/{id}")).ReadJson();

        await (await client.PutAsJsonAsync($"/api/accounts/{id}", new { name = "Hijacked", version = 1 })).ShouldHave(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "Potential" })).ShouldHave(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/accounts/{id}/contacts", new { name = "Spy" })).ShouldHave(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/accounts/{id}/interactions", new { channel = "Telephone", summary = "Spy call" })).ShouldHave(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/api/accounts/{id}/archive", null)).ShouldHave(HttpStatusCode.NotFound);

        var after = await (await admin.GetAsync($"/api/accounts/{id}")).ReadJson();
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(before.GetProperty("name").GetString(), after.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_owner_changes_their_own_account()
    {
        using var client = w.ClientOf("salesB");
        var id = w.Accounts["a3"];

        var logged = await client.PostAsJsonAsync($"/api/accounts/{id}/interactions", new { channel = "Telephone", summary = "Called back" });

        await logged.ShouldHave(HttpStatusCode.Created);
        Assert.Equal(w.Users["salesB"].ToString(), (await logged.ReadJson()).GetProperty("recordedBy").GetString());
    }

    [Fact]
    public async Task A_new_account_without_owner_belongs_to_its_sales_creator()
    {
        using var client = w.ClientOf("salesA");

        var created = await (await client.PostAsJsonAsync("/api/accounts", new { name = "Own Lead " + w.Other })).ShouldHave(HttpStatusCode.Created);
        var account = await created.ReadJson();

        Assert.Equal(w.Users["salesA"], account.GetProperty("ownerId").GetGuid());
        await (await client.GetAsync($"/api/accounts/{account.GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_salespersons_new_account_is_seen_by_their_branch_manager_at_once_and_not_by_another_branch()
    {
        // Issue 14's defect: the account kept no branch, so the creator's own manager could not find it.
        using var sales = w.ClientOf("salesA");
        var account = await (await (await sales.PostAsJsonAsync("/api/accounts", new { name = "Fresh " + w.Other })).ShouldHave(HttpStatusCode.Created)).ReadJson();
        var id = account.GetProperty("id").GetGuid();
        using var manager = w.ClientOf("managerB1");
        using var otherSales = w.ClientOf("salesB");

        Assert.Equal(w.Branch1, account.GetProperty("branchId").GetGuid());
        await (await manager.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(["Fresh"], await w.NamesAsync(manager, $"/api/accounts?search=Fresh%20{w.Other}&pageSize=50"));
        await (await otherSales.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_branch_managers_new_account_lands_in_its_branch()
    {
        using var client = w.ClientOf("managerB1");

        var account = await (await (await client.PostAsJsonAsync("/api/accounts", new { name = "Branch Lead " + w.Other })).ShouldHave(HttpStatusCode.Created)).ReadJson();

        Assert.Equal(w.Branch1, account.GetProperty("branchId").GetGuid());
        Assert.Equal(JsonValueKind.Null, account.GetProperty("ownerId").ValueKind);
    }

    [Fact]
    public async Task A_duplicate_of_an_invisible_account_is_refused_without_showing_it()
    {
        using var client = w.ClientOf("salesA");
        using var admin = w.App.CreateClient();
        var taxId = "VIS-" + Guid.NewGuid().ToString("N")[..10];
        await (await admin.PostAsJsonAsync("/api/accounts", new { name = "Secret Customer", taxId, ownerId = w.Users["salesB"] })).ShouldHave(HttpStatusCode.Created);

        var duplicate = await (await client.PostAsJsonAsync("/api/accounts", new { name = "My Try", taxId })).ShouldHave(HttpStatusCode.Conflict);
        var body = await duplicate.Content.ReadAsStringAsync();

        Assert.DoesNotContain("Secret Customer", body, StringComparison.Ordinal);
        Assert.False((await duplicate.ReadJson()).TryGetProperty("existing", out _));
        var visibleDuplicate = await (await admin.PostAsJsonAsync("/api/accounts", new { name = "Admin Try", taxId })).ShouldHave(HttpStatusCode.Conflict);
        Assert.Equal("Secret Customer", (await visibleDuplicate.ReadJson()).GetProperty("existing").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_branch_manager_transfers_only_its_branchs_accounts()
    {
        using var admin = w.App.CreateClient();
        var leaver = Guid.NewGuid();
        var successor = Guid.NewGuid();
        var inBranch = await CreateAsync(admin, "Leaver B1 " + w.Other, leaver, w.Branch1);
        var elsewhere = await CreateAsync(admin, "Leaver B2 " + w.Other, leaver, w.Branch2);
        using var manager = w.ClientOf("managerB1");

        var result = await (await (await manager.PostAsJsonAsync("/api/accounts/owner-transfers", new { fromOwnerId = leaver, toOwnerId = successor }))
            .ShouldHave(HttpStatusCode.OK)).ReadJson();

        Assert.Equal(1, result.GetProperty("transferred").GetInt32());
        Assert.Equal(successor, (await (await admin.GetAsync($"/api/accounts/{inBranch}")).ReadJson()).GetProperty("ownerId").GetGuid());
        Assert.Equal(leaver, (await (await admin.GetAsync($"/api/accounts/{elsewhere}")).ReadJson()).GetProperty("ownerId").GetGuid());
        var listed = await manager.PostAsJsonAsync("/api/accounts/owner-transfers", new { fromOwnerId = leaver, toOwnerId = successor, accountIds = new[] { elsewhere } });
        await listed.ShouldHave(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_signed_in_user_without_a_role_sees_no_accounts_at_all()
    {
        using var client = w.App.CreateClientAs(Guid.NewGuid());

        await (await client.GetAsync("/api/accounts")).ShouldHave(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/accounts/{w.Accounts["a1"]}")).ShouldHave(HttpStatusCode.Forbidden);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string name, Guid? owner, Guid? branch) =>
        (await (await (await client.PostAsJsonAsync("/api/accounts", new { name, ownerId = owner, branchId = branch })).ShouldHave(HttpStatusCode.Created)).ReadJson())
        .GetProperty("id").GetGuid();

    /// <summary>
    /// Two branches, people in each role, and six accounts spread over owners and branches. An owned account lands in its
    /// owner's branch whatever branch it was created with (ADR 0101): a2 (salesB) in branch 2, a5 (serviceA) in branch 1.
    /// </summary>
    public sealed class World : IAsyncLifetime
    {
        public CrmApp App { get; } = new();

        public string Tag { get; } = "vis" + Guid.NewGuid().ToString("N")[..8];

        /// <summary>Names of accounts other tests add, which must not match the searches for <see cref="Tag"/>.</summary>
        public string Other { get; } = "other" + Guid.NewGuid().ToString("N")[..8];

        public Guid Branch1 { get; } = Guid.NewGuid();

        public Guid Branch2 { get; } = Guid.NewGuid();

        public Dictionary<string, Guid> Users { get; } = [];

        public Dictionary<string, string> Roles { get; } = [];

        /// <summary>a1..a6 → id; the account's name is "<key> <tag>".</summary>
        public Dictionary<string, Guid> Accounts { get; } = [];

        public async Task InitializeAsync()
        {
            async Task Add(string key, string role, Guid? branch)
            {
                Users[key] = await App.CreateUserAsync($"{key}.{Tag}", roles: [role], branchId: branch);
                Roles[key] = role;
            }

            await Add("salesA", CrmRoles.Sales, Branch1);
            await Add("salesB", CrmRoles.Sales, Branch2);
            await Add("serviceA", CrmRoles.Service, Branch1);
            await Add("managerB1", CrmRoles.BranchManager, Branch1);
            await Add("executive", CrmRoles.Executive, null);
            await Add("implementer", CrmRoles.Implementer, null);
            await Add("processOwner", CrmRoles.ProcessOwner, null);
            await Add("admin", CrmRoles.Administrator, null);

            using var admin = App.CreateClient();
            foreach (var (key, owner, branch) in new (string, string?, Guid)[]
                     {
                         ("a1", "salesA", Branch1), ("a2", "salesB", Branch1), ("a3", "salesB", Branch2),
                         ("a4", null, Branch2), ("a5", "serviceA", Branch2), ("a6", null, Branch1),
                     })
            {
                var response = await admin.PostAsJsonAsync("/api/accounts", new
                {
                    name = $"{key} {Tag}",
                    ownerId = owner is null ? (Guid?)null : Users[owner],
                    branchId = branch,
                    tags = new[] { Tag },
                });
                Accounts[key] = (await (await response.ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();
            }
        }

        public HttpClient ClientOf(string who) => App.CreateClientAs(Users[who], Roles[who]);

        public async Task<string[]> NamesAsync(HttpClient client, string url)
        {
            var page = await (await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson();
            return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()!.Split(' ')[0]).Order(StringComparer.Ordinal).ToArray();
        }

        public async Task<string[]> ExportedNamesAsync(HttpClient client)
        {
            var csv = await (await (await client.GetAsync($"/api/accounts/export?tag={Tag}")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(line => line.Split(',')[1].Split(' ')[0])
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }
}
