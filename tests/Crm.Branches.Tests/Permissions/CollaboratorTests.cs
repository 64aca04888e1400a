using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Tests.Permissions;

/// <summary>
/// Collaborators (协作人, issue 14.2, ADR 0131): sales.sh shares their account with sales.bj, who otherwise sees none of
/// Shanghai's records. Read access shows the record in the list, search, get and export and refuses a change (403);
/// write access allows it; the share ends at its end date; only the owner's side (owner, manager, administrator) shares.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class CollaboratorTests
{
    [Fact]
    public async Task A_read_collaborator_sees_the_account_everywhere_but_may_not_change_it_and_loses_it_at_the_end_date()
    {
        var clock = new MovableClock();
        using var org = await TestOrganisation.BuildAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        using var owner = org.ClientOf("sales.sh");
        using var colleague = org.ClientOf("sales.bj");
        var id = await CreateAccountAsync(owner, org);
        await (await colleague.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.NotFound);

        var endsAt = DateTime.UtcNow.AddDays(7);
        var list = await (await (await owner.PostAsJsonAsync($"/api/accounts/{id}/collaborators", new { personId = org.People["sales.bj"], access = "Read", endsAt }))
            .ShouldHave(HttpStatusCode.OK)).ReadJson();

        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal("Read", row.GetProperty("access").GetString());
        Assert.Equal($"sales.bj.{org.Tag}", row.GetProperty("personName").GetString());
        Assert.Contains(id, await org.AccountIdsAsync(colleague, "/api/accounts?pageSize=100"));
        Assert.Contains(id, await org.AccountIdsAsync(colleague, $"/api/accounts?search={org.Tag}&pageSize=100"));
        Assert.Contains(id.ToString(), await (await (await colleague.GetAsync("/api/accounts/export")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var (body, etag) = await ReadAsync(colleague, id);
        await (await UpdateAsync(colleague, id, body, etag, "Changed by a reader")).ShouldHave(HttpStatusCode.Forbidden);
        Assert.Equal($"Shared {org.Tag}", (await ReadAsync(owner, id)).Body.GetProperty("name").GetString());
        await (await colleague.PostAsJsonAsync($"/api/accounts/{id}/collaborators", new { personId = org.People["manager.bj"], access = "Read" })).ShouldHave(HttpStatusCode.Forbidden);

        clock.Offset = TimeSpan.FromDays(8);

        await (await colleague.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await org.AccountIdsAsync(colleague, "/api/accounts?pageSize=100"));
        var after = await (await (await owner.GetAsync($"/api/accounts/{id}/collaborators")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.False(Assert.Single(after.EnumerateArray()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_write_collaborator_changes_the_record_and_removing_them_ends_it_with_an_audit_entry_each_time()
    {
        using var org = await TestOrganisation.BuildAsync();
        using var owner = org.ClientOf("sales.sh");
        using var manager = org.ClientOf("manager.sh");
        using var colleague = org.ClientOf("sales.bj");
        var id = await CreateAccountAsync(owner, org);

        // The owner's manager shares it: sharing is the owner's side's decision.
        await (await manager.PostAsJsonAsync($"/api/accounts/{id}/collaborators", new { personId = org.People["sales.bj"], access = "Write" })).ShouldHave(HttpStatusCode.OK);
        var (body, etag) = await ReadAsync(colleague, id);
        await (await UpdateAsync(colleague, id, body, etag, $"Renamed {org.Tag}")).ShouldHave(HttpStatusCode.OK);

        await (await owner.DeleteAsync($"/api/accounts/{id}/collaborators/{org.People["sales.bj"]}")).ShouldHave(HttpStatusCode.NoContent);

        await (await colleague.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.NotFound);
        using var admin = org.App.CreateClient();
        var audit = await (await (await admin.GetAsync($"/api/accounts/{id}/audit")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var actions = audit.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("entity").GetString() == "RecordCollaborator").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count);
    }

    [Fact]
    public async Task Leads_and_opportunities_are_shared_through_the_same_endpoints_and_bad_input_is_a_field_error()
    {
        using var org = await TestOrganisation.BuildAsync();
        using var admin = org.App.CreateClient();
        using var colleague = org.ClientOf("sales.bj");
        var lead = (await (await (await admin.PostAsJsonAsync("/api/funnel/leads", new
        {
            name = "Shared lead", company = "Lead Co " + org.Tag, email = $"l.{org.Tag}@example.cn", ownerId = org.People["sales.sh"],
        })).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();
        var account = await CreateAccountAsync(admin, org);
        var opportunity = (await (await (await admin.PostAsJsonAsync("/api/funnel/opportunities", new
        {
            name = "Shared deal " + org.Tag, accountId = account, amount = 1000, expectedCloseDate = "2030-06-30", ownerId = org.People["sales.sh"],
        })).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

        foreach (var path in new[] { $"/api/funnel/leads/{lead}", $"/api/funnel/opportunities/{opportunity}" })
        {
            await (await colleague.GetAsync(path)).ShouldHave(HttpStatusCode.NotFound);
            await (await admin.PostAsJsonAsync($"{path}/collaborators", new { personId = org.People["sales.bj"] })).ShouldHave(HttpStatusCode.OK);
            await (await colleague.GetAsync(path)).ShouldHave(HttpStatusCode.OK);
        }

        var bad = await (await admin.PostAsJsonAsync($"/api/funnel/leads/{lead}/collaborators", new { personId = Guid.Empty, access = "Owner", endsAt = "2020-01-01T00:00:00Z" }))
            .ShouldHave(HttpStatusCode.BadRequest);
        var errors = await bad.ReadFieldErrors();
        Assert.Contains("personId", errors.Keys);
        Assert.Contains("access", errors.Keys);
        Assert.Contains("endsAt", errors.Keys);
        await (await colleague.GetAsync($"/api/funnel/leads/{Guid.NewGuid()}/collaborators")).ShouldHave(HttpStatusCode.NotFound);
    }

    private static async Task<Guid> CreateAccountAsync(HttpClient client, TestOrganisation org) =>
        (await (await (await client.PostAsJsonAsync("/api/accounts", new { name = $"Shared {org.Tag}" })).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

    private static async Task<(JsonElement Body, System.Net.Http.Headers.EntityTagHeaderValue? ETag)> ReadAsync(HttpClient client, Guid id)
    {
        var response = await (await client.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.OK);
        return (await response.ReadJson(), response.Headers.ETag);
    }

    private static async Task<HttpResponseMessage> UpdateAsync(HttpClient client, Guid id, JsonElement current, System.Net.Http.Headers.EntityTagHeaderValue? etag, string name)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(current.GetRawText())!;
        body["name"] = JsonSerializer.SerializeToElement(name);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/accounts/{id}") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(etag);
        }

        return await client.SendAsync(request);
    }
}
