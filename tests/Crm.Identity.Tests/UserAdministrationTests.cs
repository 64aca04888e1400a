using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Identity.Tests;

/// <summary>The administration API: create, list, update, reset password, roles; validation as problem details.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class UserAdministrationTests(IdentityFixture fx) : IClassFixture<IdentityFixture>
{
    private HttpClient Admin { get; } = fx.App.CreateClient();

    [Fact]
    public async Task Create_returns_the_user_with_canonical_roles_and_a_location()
    {
        var name = IdentityFixture.UniqueName("anna");
        var branch = Guid.NewGuid();

        var response = await (await Admin.PostAsJsonAsync("/api/users", new
        {
            userName = name,
            displayName = "Anna Analyst",
            email = $"{name}@example.test",
            password = CrmApp.TestPassword,
            roles = new[] { "executive", "SALES" },
            branchId = branch,
        })).ShouldHave(HttpStatusCode.Created);
        var user = await response.ReadJson();

        Assert.Equal($"/api/users/{user.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, user.GetProperty("userName").GetString());
        Assert.Equal([CrmRoles.Executive, CrmRoles.Sales], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(user.GetProperty("isActive").GetBoolean());
        Assert.Equal(branch, user.GetProperty("branchId").GetGuid());
        Assert.False(user.TryGetProperty("passwordHash", out _));
    }

    [Theory]
    [InlineData("Sh0rt!", null)]
    [InlineData("alllowercase1!", "uppercase")]
    [InlineData("NoDigitsHere!", "digit")]
    [InlineData("NoSymbol123", "non alphanumeric")]
    public async Task Password_rules_are_enforced_with_a_field_error(string password, string? expectedWords)
    {
        var response = await Admin.PostAsJsonAsync("/api/users", new { userName = IdentityFixture.UniqueName("weak"), displayName = "Weak", password });

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        var messages = string.Join(" ", errors["password"]);
        if (expectedWords is not null)
        {
            Assert.Contains(expectedWords, messages, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Contains("at least 8", messages, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Bad_input_is_reported_per_field_and_nothing_is_created()
    {
        var name = IdentityFixture.UniqueName("bad user");
        var response = await Admin.PostAsJsonAsync("/api/users", new
        {
            userName = name,
            displayName = "",
            email = "not-an-email",
            password = "",
            roles = new[] { "Pope" },
        });

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Equal(["displayName", "email", "password", "roles", "userName"], errors.Keys.Order(StringComparer.Ordinal));
        var list = await (await Admin.GetAsync($"/api/users?search={Uri.EscapeDataString(name)}")).ReadJson();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_taken_user_name_is_a_conflict_whatever_its_letter_case()
    {
        var name = IdentityFixture.UniqueName("dora");
        await fx.App.CreateUserAsync(name);

        var response = await Admin.PostAsJsonAsync("/api/users", new { userName = name.ToUpperInvariant(), displayName = "Dup", password = CrmApp.TestPassword });

        await response.ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_user_name_make_one_user_and_conflicts()
    {
        var name = IdentityFixture.UniqueName("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Admin.PostAsJsonAsync("/api/users", new { userName = name, displayName = "Race", password = CrmApp.TestPassword })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var list = await (await Admin.GetAsync($"/api/users?search={name}")).ReadJson();
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_user_whose_roles_fail_is_not_left_half_created()
    {
        // Weak password: Identity refuses inside the transaction, after validation passed.
        var name = IdentityFixture.UniqueName("half");
        await (await Admin.PostAsJsonAsync("/api/users", new { userName = name, displayName = "Half", password = "weakweak", roles = new[] { CrmRoles.Sales } }))
            .ShouldHave(HttpStatusCode.BadRequest);

        var list = await (await Admin.GetAsync($"/api/users?search={name}")).ReadJson();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_manager_must_exist_and_must_not_make_a_loop()
    {
        var top = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("top"));
        var middle = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("mid"), managerId: top);

        var unknown = await Admin.PostAsJsonAsync("/api/users", new { userName = IdentityFixture.UniqueName("x"), displayName = "X", password = CrmApp.TestPassword, managerId = Guid.NewGuid() });
        var topName = (await (await Admin.GetAsync($"/api/users/{top}")).ReadJson()).GetProperty("userName").GetString();
        var loop = await Admin.PutAsJsonAsync($"/api/users/{top}", new { userName = topName, displayName = "Top", roles = Array.Empty<string>(), isActive = true, managerId = middle });
        var self = await Admin.PutAsJsonAsync($"/api/users/{top}", new { userName = topName, displayName = "Top", roles = Array.Empty<string>(), isActive = true, managerId = top });

        Assert.Contains("managerId", (await (await unknown.ShouldHave(HttpStatusCode.UnprocessableEntity)).ReadFieldErrors()).Keys);
        Assert.Contains("managerId", (await (await loop.ShouldHave(HttpStatusCode.UnprocessableEntity)).ReadFieldErrors()).Keys);
        Assert.Contains("managerId", (await (await self.ShouldHave(HttpStatusCode.UnprocessableEntity)).ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Update_replaces_profile_roles_manager_branch_and_active_flag()
    {
        var name = IdentityFixture.UniqueName("ulla");
        var id = await fx.App.CreateUserAsync(name, roles: [CrmRoles.Sales]);
        var manager = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("mgr"));
        var branch = Guid.NewGuid();
        var before = await (await Admin.GetAsync($"/api/users/{id}")).ReadJson();

        var updated = await (await (await Admin.PutAsJsonAsync($"/api/users/{id}", new
        {
            userName = name + ".renamed",
            displayName = "Ulla Updated",
            email = "ulla@example.test",
            phoneNumber = "+86 21 5555",
            roles = new[] { CrmRoles.Service, CrmRoles.BranchManager },
            managerId = manager,
            branchId = branch,
            isActive = false,
            concurrencyStamp = before.GetProperty("concurrencyStamp").GetString(),
        })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var reread = await (await Admin.GetAsync($"/api/users/{id}")).ReadJson();

        foreach (var user in new[] { updated, reread })
        {
            Assert.Equal(name + ".renamed", user.GetProperty("userName").GetString());
            Assert.Equal("Ulla Updated", user.GetProperty("displayName").GetString());
            Assert.Equal("ulla@example.test", user.GetProperty("email").GetString());
            Assert.Equal([CrmRoles.BranchManager, CrmRoles.Service], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(manager, user.GetProperty("managerId").GetGuid());
            Assert.Equal(branch, user.GetProperty("branchId").GetGuid());
            Assert.False(user.GetProperty("isActive").GetBoolean());
        }
    }

    [Fact]
    public async Task A_stale_concurrency_stamp_is_refused()
    {
        var name = IdentityFixture.UniqueName("cora");
        var id = await fx.App.CreateUserAsync(name);
        var read = await (await Admin.GetAsync($"/api/users/{id}")).ReadJson();
        var stamp = read.GetProperty("concurrencyStamp").GetString();
        await (await Admin.PutAsJsonAsync($"/api/users/{id}", new { userName = name, displayName = "First", roles = Array.Empty<string>(), isActive = true, concurrencyStamp = stamp }))
            .ShouldHave(HttpStatusCode.OK);

        var second = await Admin.PutAsJsonAsync($"/api/users/{id}", new { userName = name, displayName = "Second", roles = Array.Empty<string>(), isActive = true, concurrencyStamp = stamp });

        await second.ShouldHave(HttpStatusCode.PreconditionFailed);
        Assert.Equal("First", (await (await Admin.GetAsync($"/api/users/{id}")).ReadJson()).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task The_last_active_administrator_keeps_the_role_and_nobody_deactivates_themselves()
    {
        // A fresh host: its only stored administrator is the one created here.
        using var app = new CrmApp();
        using var admin = app.CreateClient();
        var name = IdentityFixture.UniqueName("root");
        var root = await app.CreateUserAsync(name, roles: [CrmRoles.Administrator]);
        using var asRoot = app.CreateClientAs(root, CrmRoles.Administrator);

        var demote = await admin.PutAsJsonAsync($"/api/users/{root}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Sales }, isActive = true });
        var deactivate = await admin.PutAsJsonAsync($"/api/users/{root}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Administrator }, isActive = false });
        var second = await app.CreateUserAsync(IdentityFixture.UniqueName("root"), roles: [CrmRoles.Administrator]);
        var selfDeactivate = await asRoot.PutAsJsonAsync($"/api/users/{root}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Administrator }, isActive = false });
        var demoteNow = await admin.PutAsJsonAsync($"/api/users/{root}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Sales }, isActive = true });

        Assert.Contains("roles", (await (await demote.ShouldHave(HttpStatusCode.UnprocessableEntity)).ReadFieldErrors()).Keys);
        await deactivate.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("isActive", (await (await selfDeactivate.ShouldHave(HttpStatusCode.UnprocessableEntity)).ReadFieldErrors()).Keys);
        await demoteNow.ShouldHave(HttpStatusCode.OK);
        Assert.NotEqual(Guid.Empty, second);
    }

    [Fact]
    public async Task Reset_password_replaces_the_old_one()
    {
        var name = IdentityFixture.UniqueName("rose");
        var id = await fx.App.CreateUserAsync(name);

        var weak = await Admin.PostAsJsonAsync($"/api/users/{id}/password", new { newPassword = "weak" });
        Assert.Contains("newPassword", (await (await weak.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);
        await (await Admin.PostAsJsonAsync($"/api/users/{id}/password", new { newPassword = "Reset#Pass9" })).ShouldHave(HttpStatusCode.NoContent);
        await (await Admin.PostAsJsonAsync($"/api/users/{Guid.NewGuid()}/password", new { newPassword = "Reset#Pass9" })).ShouldHave(HttpStatusCode.NotFound);

        var (client, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.Unauthorized);
        await (await IdentityFixture.SignInAsync(client, name, "Reset#Pass9")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_list_searches_filters_and_pages()
    {
        var tag = IdentityFixture.UniqueName("zq");
        var branch = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await fx.App.CreateUserAsync($"{tag}.{i}", roles: [i == 0 ? CrmRoles.Executive : CrmRoles.Sales], branchId: branch, displayName: $"Member {tag} {i}");
        }

        var page1 = await (await Admin.GetAsync($"/api/users?search={tag.ToUpperInvariant()}&pageSize=2&includeTotal=true")).ReadJson();
        var page2 = await (await Admin.GetAsync($"/api/users?search={tag}&pageSize=2&page=2")).ReadJson();
        var executives = await (await Admin.GetAsync($"/api/users?branchId={branch}&role=executive")).ReadJson();
        var badPage = await Admin.GetAsync("/api/users?pageSize=500");

        Assert.Equal([$"Member {tag} 0", $"Member {tag} 1"], page1.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("displayName").GetString()));
        Assert.True(page1.GetProperty("hasMore").GetBoolean());
        Assert.Equal(3, page1.GetProperty("total").GetInt64());
        Assert.Equal([$"Member {tag} 2"], page2.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("displayName").GetString()));
        Assert.Equal([$"{tag}.0"], executives.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()));
        await badPage.ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Roles_are_the_product_roles_with_active_member_counts()
    {
        using var app = new CrmApp();
        await app.CreateUserAsync("counted.sales", roles: [CrmRoles.Sales]);
        using var admin = app.CreateClient();

        var roles = (await (await (await admin.GetAsync("/api/roles")).ShouldHave(HttpStatusCode.OK)).ReadJson()).EnumerateArray().ToList();

        Assert.Equal(CrmRoles.All, roles.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(1, roles.Single(r => r.GetProperty("name").GetString() == CrmRoles.Sales).GetProperty("activeUsers").GetInt32());
        Assert.All(roles, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task Unknown_users_are_404()
    {
        await (await Admin.GetAsync($"/api/users/{Guid.NewGuid()}")).ShouldHave(HttpStatusCode.NotFound);
        await (await Admin.PostAsync($"/api/users/{Guid.NewGuid()}/unlock", null)).ShouldHave(HttpStatusCode.NotFound);
        await (await Admin.PutAsJsonAsync($"/api/users/{Guid.NewGuid()}", new { userName = "ghost", displayName = "Ghost", roles = Array.Empty<string>(), isActive = true }))
            .ShouldHave(HttpStatusCode.NotFound);
    }
}
