using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Identity.Tests;

/// <summary>API keys: issued once, stored hashed, sent as Bearer or X-Api-Key, acting with the user's roles, revocable.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ApiKeyTests(IdentityFixture fx) : IClassFixture<IdentityFixture>
{
    private HttpClient Admin { get; } = fx.App.CreateClient();

    [Fact]
    public async Task A_key_authenticates_as_its_user_by_bearer_or_header()
    {
        var (userId, key) = await UserWithKeyAsync([CrmRoles.Implementer]);

        using var bearer = fx.App.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var header = fx.App.CreateAnonymousClient();
        header.DefaultRequestHeaders.Add("X-Api-Key", key);

        foreach (var client in new[] { bearer, header })
        {
            var me = await (await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK)).ReadJson();
            Assert.Equal(userId, me.GetProperty("userId").GetGuid());
            Assert.Equal([CrmRoles.Implementer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

            // The key acts with the user's roles: set-up yes, user administration no.
            await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync("/api/users")).ShouldHave(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_never_listed()
    {
        var userId = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("erp"));
        var created = await (await (await Admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "ERP sync" })).ShouldHave(HttpStatusCode.Created)).ReadJson();
        var key = created.GetProperty("key").GetString()!;

        var listed = await (await (await Admin.GetAsync($"/api/users/{userId}/api-keys")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();

        Assert.StartsWith("crm_" + created.GetProperty("apiKey").GetProperty("prefix").GetString() + "_", key, StringComparison.Ordinal);
        Assert.True(key.Length > 50);
        Assert.Contains("ERP sync", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key[17..], listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var (userId, key) = await UserWithKeyAsync([CrmRoles.Sales]);
        using var client = fx.App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);
        var keyId = (await (await Admin.GetAsync($"/api/users/{userId}/api-keys")).ReadJson())[0].GetProperty("id").GetGuid();

        var revoked = await (await (await Admin.DeleteAsync($"/api/users/{userId}/api-keys/{keyId}")).ShouldHave(HttpStatusCode.OK)).ReadJson();

        Assert.False(revoked.GetProperty("isActive").GetBoolean());
        Assert.Equal(TestAuthentication.AdministratorId.ToString(), revoked.GetProperty("revokedBy").GetString());
        var refused = await client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        await (await Admin.DeleteAsync($"/api/users/{userId}/api-keys/{Guid.NewGuid()}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_of_a_deactivated_user_stop_working()
    {
        var name = IdentityFixture.UniqueName("bot");
        var userId = await fx.App.CreateUserAsync(name, roles: [CrmRoles.Sales]);
        var key = (await (await Admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "bot" })).ReadJson()).GetProperty("key").GetString()!;
        using var client = fx.App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);

        await (await Admin.PutAsJsonAsync($"/api/users/{userId}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Sales }, isActive = false }))
            .ShouldHave(HttpStatusCode.OK);

        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.Unauthorized);
        var issue = await Admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "another" });
        await issue.ShouldHave(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Forged_malformed_and_expired_keys_are_refused()
    {
        var (userId, key) = await UserWithKeyAsync([CrmRoles.Sales]);
        var expiring = await (await Admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "past", expiresAt = DateTime.UtcNow.AddDays(-1) })).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("expiresAt", (await expiring.ReadFieldErrors()).Keys);

        foreach (var presented in new[] { key[..^4] + "AAAA", "crm_nothexnothex_abc", "not-a-key", key.Replace("crm_", "crm-", StringComparison.Ordinal) })
        {
            using var client = fx.App.CreateAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", presented);
            await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task The_last_use_is_recorded()
    {
        var (userId, key) = await UserWithKeyAsync([CrmRoles.Sales]);
        var before = (await (await Admin.GetAsync($"/api/users/{userId}/api-keys")).ReadJson())[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, before.GetProperty("lastUsedAt").ValueKind);

        using var client = fx.App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);

        var after = (await (await Admin.GetAsync($"/api/users/{userId}/api-keys")).ReadJson())[0];
        Assert.Equal(System.Text.Json.JsonValueKind.String, after.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task Keys_are_issued_only_for_existing_users_with_a_name()
    {
        await (await Admin.PostAsJsonAsync($"/api/users/{Guid.NewGuid()}/api-keys", new { name = "x" })).ShouldHave(HttpStatusCode.NotFound);
        var userId = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("nameless"));
        var errors = await (await (await Admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "" })).ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("name", errors.Keys);
    }

    private async Task<(Guid UserId, string Key)> UserWithKeyAsync(string[] roles)
    {
        var userId = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("integration"), roles: roles);
        var created = await (await (await Admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "Integration" })).ShouldHave(HttpStatusCode.Created)).ReadJson();
        return (userId, created.GetProperty("key").GetString()!);
    }
}
