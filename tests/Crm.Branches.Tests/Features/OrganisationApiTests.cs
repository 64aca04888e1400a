using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Branches.Tests.Features;

/// <summary>The unit tree and memberships through /api/branches: building, changing and moving, with the rules that keep it a tree.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class OrganisationApiTests : IDisposable
{
    private readonly CrmApp _app = new(["Branches"]);
    private readonly HttpClient _admin;

    public OrganisationApiTests() => _admin = _app.CreateClient();

    [Fact]
    public async Task A_tree_of_any_depth_is_listed_parents_first_and_a_move_carries_the_subtree()
    {
        var hq = await CreateAsync("HQ", "HQ", null);
        var east = await CreateAsync("East region", "EAST", hq);
        var shanghai = await CreateAsync("Shanghai", "SH", east);
        var team = await CreateAsync("Shanghai team 1", "SH-T1", shanghai);
        var west = await CreateAsync("West region", "WEST", hq);

        var units = await ListAsync();
        Assert.Equal(["HQ", "EAST", "SH", "SH-T1", "WEST"], units.Select(u => u.GetProperty("code").GetString()).Where(c => c != "WEST").Append("WEST"));
        Assert.Equal(hq, units[0].GetProperty("id").GetGuid());
        Assert.Equal(3, units.Single(u => u.GetProperty("id").GetGuid() == team).GetProperty("depth").GetInt32());
        var order = units.Select(u => u.GetProperty("id").GetGuid()).ToList();
        Assert.True(order.IndexOf(shanghai) < order.IndexOf(team));
        Assert.True(order.IndexOf(east) < order.IndexOf(shanghai));

        await UpdateAsync(shanghai, new { name = "Shanghai", code = "SH", parentId = west, timeZone = "Asia/Shanghai" });

        units = await ListAsync();
        Assert.Equal(west, units.Single(u => u.GetProperty("id").GetGuid() == shanghai).GetProperty("parentId").GetGuid());
        Assert.Equal(3, units.Single(u => u.GetProperty("id").GetGuid() == team).GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task A_unit_cannot_move_below_itself_and_nothing_changes()
    {
        var hq = await CreateAsync("HQ", "HQ", null);
        var east = await CreateAsync("East", "EAST", hq);
        var team = await CreateAsync("Team", "T1", east);

        var refused = await PutAsync(east, new { name = "East", code = "EAST", parentId = team, timeZone = "Asia/Shanghai", version = 1 });

        await refused.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.True((await refused.ReadJson()).GetProperty("errors").TryGetProperty("parentId", out _));
        Assert.Equal(hq, (await ListAsync()).Single(u => u.GetProperty("id").GetGuid() == east).GetProperty("parentId").GetGuid());
    }

    [Fact]
    public async Task Bad_input_answers_field_errors_a_second_top_unit_and_a_taken_code_are_refused()
    {
        var hq = await CreateAsync("HQ", "HQ", null);

        var bad = await _admin.PostAsJsonAsync("/api/branches/units", new { name = "", code = "a b", parentId = hq, timeZone = "Mars/Olympus" });
        await bad.ShouldHave(HttpStatusCode.BadRequest);
        var errors = (await bad.ReadJson()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("code", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));

        await (await _admin.PostAsJsonAsync("/api/branches/units", new { name = "Other top", code = "TOP2", timeZone = "Asia/Shanghai" }))
            .ShouldHave(HttpStatusCode.UnprocessableEntity);
        await (await _admin.PostAsJsonAsync("/api/branches/units", new { name = "Again", code = "HQ", parentId = hq, timeZone = "Asia/Shanghai" }))
            .ShouldHave(HttpStatusCode.Conflict);
        await (await _admin.PostAsJsonAsync("/api/branches/units", new { name = "Ghost manager", code = "GM", parentId = hq, managerId = Guid.NewGuid(), timeZone = "Asia/Shanghai" }))
            .ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task Every_role_reads_the_organisation_only_an_administrator_changes_it()
    {
        var hq = await CreateAsync("HQ", "HQ", null);
        var person = await _app.CreateUserAsync("mover", roles: [CrmRoles.Sales]);

        foreach (var role in CrmRoles.All.Where(r => r != CrmRoles.Administrator))
        {
            using var client = _app.CreateClientAs(Guid.NewGuid(), role);
            await (await client.GetAsync("/api/branches/units")).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync($"/api/branches/units/{hq}")).ShouldHave(HttpStatusCode.OK);
            await (await client.PostAsJsonAsync("/api/branches/units", new { name = "X", code = "X" + role, parentId = hq, timeZone = "Asia/Shanghai" }))
                .ShouldHave(HttpStatusCode.Forbidden);
            await (await client.PostAsJsonAsync($"/api/branches/people/{person}/unit", new { unitId = hq })).ShouldHave(HttpStatusCode.Forbidden);
            await (await client.PutAsJsonAsync($"/api/branches/people/{person}/reports-to", new { managerId = (Guid?)null })).ShouldHave(HttpStatusCode.Forbidden);
        }

        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task A_move_keeps_the_history_and_reports_to_follows_the_new_units_manager_unless_overridden()
    {
        var ceo = await _app.CreateUserAsync("ceo", roles: [CrmRoles.Executive]);
        var managerSh = await _app.CreateUserAsync("m.sh", roles: [CrmRoles.BranchManager]);
        var managerBj = await _app.CreateUserAsync("m.bj", roles: [CrmRoles.BranchManager]);
        var seller = await _app.CreateUserAsync("seller", roles: [CrmRoles.Sales]);
        var hq = await CreateAsync("HQ", "HQ", null, ceo);
        var sh = await CreateAsync("Shanghai", "SH", hq, managerSh);
        var bj = await CreateAsync("Beijing", "BJ", hq, managerBj);
        await MoveAsync(managerSh, sh, "2026-01-01");
        await MoveAsync(managerBj, bj, "2026-01-01");
        await MoveAsync(seller, sh, "2026-01-01");

        var person = await PersonAsync(seller);
        Assert.Equal(sh, person.GetProperty("unitId").GetGuid());
        Assert.Equal([managerSh, ceo], Ids(person.GetProperty("managerChain")));
        Assert.Equal([ceo], Ids((await PersonAsync(managerSh)).GetProperty("managerChain")));

        await MoveAsync(seller, bj, "2026-03-01");

        person = await PersonAsync(seller);
        Assert.Equal(bj, person.GetProperty("unitId").GetGuid());
        Assert.Equal([managerBj, ceo], Ids(person.GetProperty("managerChain")));
        var history = person.GetProperty("memberships").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("2026-02-28", history[0].GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("to").ValueKind);

        await (await _admin.PutAsJsonAsync($"/api/branches/people/{seller}/reports-to", new { managerId = ceo })).ShouldHave(HttpStatusCode.NoContent);
        Assert.Equal([ceo], Ids((await PersonAsync(seller)).GetProperty("managerChain")));
        var circle = await _admin.PutAsJsonAsync($"/api/branches/people/{ceo}/reports-to", new { managerId = seller });
        await circle.ShouldHave(HttpStatusCode.UnprocessableEntity);

        await (await _admin.PutAsJsonAsync($"/api/branches/people/{seller}/reports-to", new { managerId = (Guid?)null })).ShouldHave(HttpStatusCode.NoContent);
        Assert.Equal([managerBj, ceo], Ids((await PersonAsync(seller)).GetProperty("managerChain")));
    }

    [Fact]
    public async Task Moving_an_unknown_person_or_into_an_unknown_unit_changes_nothing()
    {
        var hq = await CreateAsync("HQ", "HQ", null);
        var seller = await _app.CreateUserAsync("seller", roles: [CrmRoles.Sales]);

        await (await _admin.PostAsJsonAsync($"/api/branches/people/{Guid.NewGuid()}/unit", new { unitId = hq })).ShouldHave(HttpStatusCode.NotFound);
        var unknownUnit = await _admin.PostAsJsonAsync($"/api/branches/people/{seller}/unit", new { unitId = Guid.NewGuid() });
        await unknownUnit.ShouldHave(HttpStatusCode.UnprocessableEntity);
        await (await _admin.PostAsJsonAsync($"/api/branches/people/{seller}/unit", new { unitId = (Guid?)null })).ShouldHave(HttpStatusCode.BadRequest);

        Assert.Empty((await PersonAsync(seller)).GetProperty("memberships").EnumerateArray());
    }

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    private static Guid[] Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetGuid()).ToArray();

    private async Task<Guid> CreateAsync(string name, string code, Guid? parentId, Guid? managerId = null) =>
        (await (await (await _admin.PostAsJsonAsync("/api/branches/units", new { name, code, parentId, managerId, timeZone = "Asia/Shanghai" }))
            .ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

    private async Task<HttpResponseMessage> PutAsync(Guid id, object body) => await _admin.PutAsJsonAsync($"/api/branches/units/{id}", body);

    private async Task UpdateAsync(Guid id, object body)
    {
        var current = await _admin.GetAsync($"/api/branches/units/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/branches/units/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        await (await _admin.SendAsync(request)).ShouldHave(HttpStatusCode.OK);
    }

    private async Task<List<JsonElement>> ListAsync() =>
        (await (await (await _admin.GetAsync("/api/branches/units")).ShouldHave(HttpStatusCode.OK)).ReadJson()).EnumerateArray().ToList();

    private async Task MoveAsync(Guid person, Guid unit, string from) =>
        await (await _admin.PostAsJsonAsync($"/api/branches/people/{person}/unit", new { unitId = unit, from })).ShouldHave(HttpStatusCode.OK);

    private async Task<JsonElement> PersonAsync(Guid person) =>
        await (await (await _admin.GetAsync($"/api/branches/people/{person}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
}
