using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Identity.Tests;

/// <summary>The identity audit log: sign-ins (success, failure, lockout) and user changes with who, when, before and after.</summary>
public sealed class AuditTests(IdentityFixture fx) : IClassFixture<IdentityFixture>
{
    private HttpClient Admin { get; } = fx.App.CreateClient();

    [Fact]
    public async Task Sign_ins_failures_and_lockouts_are_recorded()
    {
        var name = IdentityFixture.UniqueName("audited");
        var id = await fx.App.CreateUserAsync(name);
        var (client, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);
        await client.PostAsync("/api/auth/logout", null);
        for (var i = 0; i < 5; i++)
        {
            await IdentityFixture.SignInAsync(client, name, "Wrong#Pass1");
        }

        var entries = await EntriesAsync($"userId={id}&entity=SignIn");

        Assert.Equal(["SignedIn", "SignedOut", "SignInFailed", "SignInFailed", "SignInFailed", "SignInFailed", "LockedOut"], entries.Select(e => e.GetProperty("action").GetString()).Reverse());
        var success = entries.Last();
        Assert.Equal(id.ToString(), success.GetProperty("by").GetString());
        Assert.Equal(name, success.GetProperty("changes").GetProperty("userName").GetString());
        Assert.Equal("api", success.GetProperty("changes").GetProperty("method").GetString());
        Assert.Equal("wrong password", entries[1].GetProperty("changes").GetProperty("reason").GetString());
        Assert.True(DateTime.UtcNow - success.GetProperty("at").GetDateTime() < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Attempts_with_an_unknown_user_name_are_recorded_without_a_user()
    {
        var ghost = IdentityFixture.UniqueName("ghost");
        var (client, _) = fx.Browser();
        await IdentityFixture.SignInAsync(client, ghost);

        var entry = (await EntriesAsync("entity=SignIn&action=SignInFailed&pageSize=200"))
            .First(e => e.GetProperty("changes").GetProperty("userName").GetString() == ghost);

        Assert.Equal(JsonValueKind.Null, entry.GetProperty("userId").ValueKind);
        Assert.Equal("anonymous", entry.GetProperty("by").GetString());
        Assert.Equal("unknown user name", entry.GetProperty("changes").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task User_changes_are_recorded_with_who_before_and_after_and_never_a_password()
    {
        var name = IdentityFixture.UniqueName("changed");
        var id = await fx.App.CreateUserAsync(name, roles: [CrmRoles.Sales], displayName: "Before Name");
        await (await Admin.PutAsJsonAsync($"/api/users/{id}", new { userName = name, displayName = "After Name", roles = new[] { CrmRoles.Service }, isActive = true }))
            .ShouldHave(HttpStatusCode.OK);
        await (await Admin.PostAsJsonAsync($"/api/users/{id}/password", new { newPassword = "Other#Pass7" })).ShouldHave(HttpStatusCode.NoContent);
        await (await Admin.PostAsync($"/api/users/{id}/unlock", null)).ShouldHave(HttpStatusCode.OK);
        await (await Admin.PostAsJsonAsync($"/api/users/{id}/api-keys", new { name = "audited key" })).ShouldHave(HttpStatusCode.Created);

        var entries = await EntriesAsync($"userId={id}");
        var raw = JsonSerializer.Serialize(entries);

        var actions = entries.Select(e => $"{e.GetProperty("entity").GetString()}:{e.GetProperty("action").GetString()}").Reverse().ToList();
        Assert.Equal(["User:Created", "User:RolesChanged", "User:Updated", "User:RolesChanged", "User:PasswordReset", "User:Unlocked", "ApiKey:Created"], actions);
        var renamed = entries.Single(e => e.GetProperty("action").GetString() == "Updated");
        Assert.Equal(["Before Name", "After Name"], renamed.GetProperty("changes").GetProperty("DisplayName").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(TestAuthentication.AdministratorId.ToString(), renamed.GetProperty("by").GetString());
        var roles = entries.First(e => e.GetProperty("action").GetString() == "RolesChanged").GetProperty("changes");
        Assert.Equal([CrmRoles.Sales], roles.GetProperty("before").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([CrmRoles.Service], roles.GetProperty("after").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("PasswordHash", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityStamp", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretHash", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Other#Pass7", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_name_the_user_and_the_actor_and_filter_by_period()
    {
        var name = IdentityFixture.UniqueName("named");
        var id = await fx.App.CreateUserAsync(name, displayName: "Named Person");
        var (client, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);
        var before = DateTime.UtcNow.AddMinutes(-5).ToString("O");
        var after = DateTime.UtcNow.AddMinutes(5).ToString("O");

        var signIn = (await EntriesAsync($"userId={id}&entity=SignIn")).Single();
        var inPeriod = await EntriesAsync($"userId={id}&entity=SignIn&from={Uri.EscapeDataString(before)}&to={Uri.EscapeDataString(after)}");
        var later = await EntriesAsync($"userId={id}&from={Uri.EscapeDataString(after)}");
        var earlier = await EntriesAsync($"userId={id}&to={Uri.EscapeDataString(before)}");

        Assert.Equal("Named Person", signIn.GetProperty("userDisplayName").GetString());
        Assert.Equal("Named Person", signIn.GetProperty("byDisplayName").GetString());
        Assert.Equal(signIn.GetProperty("id").GetInt64(), Assert.Single(inPeriod).GetProperty("id").GetInt64());
        Assert.Empty(later);
        Assert.Empty(earlier);
        await (await Admin.GetAsync($"/api/identity/audit?from={Uri.EscapeDataString(after)}&to={Uri.EscapeDataString(before)}")).ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_audit_log_is_for_administrators_only()
    {
        using var executive = fx.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Executive);

        await (await executive.GetAsync("/api/identity/audit")).ShouldHave(HttpStatusCode.Forbidden);
        await (await Admin.GetAsync("/api/identity/audit?entity=Nonsense")).ShouldHave(HttpStatusCode.BadRequest);
    }

    private async Task<List<JsonElement>> EntriesAsync(string query)
    {
        var page = await (await (await Admin.GetAsync("/api/identity/audit?" + query)).ShouldHave(HttpStatusCode.OK)).ReadJson();
        return page.GetProperty("items").EnumerateArray().ToList();
    }
}
