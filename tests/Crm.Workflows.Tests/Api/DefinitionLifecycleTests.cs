using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Workflows.Tests.Api.WorkflowApiFixture;

namespace Crm.Workflows.Tests.Api;

/// <summary>Retract, delete, revert, the list's bulk actions and concurrent writes.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class DefinitionLifecycleTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    [Fact]
    public async Task Retract_unpublishes_the_published_version()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);

        var response = await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/retract", Json(new JsonObject()))).ShouldHave(HttpStatusCode.OK);

        var retracted = await response.ReadJson();
        Assert.False(retracted.GetProperty("isPublished").GetBoolean());
        Assert.True(retracted.GetProperty("isLatest").GetBoolean());
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retract_of_an_unpublished_definition_returns_400_and_of_an_unknown_one_404()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId));

        await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/retract", Json(new JsonObject()))).ShouldHave(HttpStatusCode.BadRequest);
        await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{NewDefinitionId()}/retract", Json(new JsonObject()))).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_removes_every_version()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);
        await fx.SaveAsync(Model(definitionId));

        await (await fx.Client.DeleteAsync($"{ApiBase}/workflow-definitions/{definitionId}")).ShouldHave(HttpStatusCode.NoContent);

        var all = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=AllVersions&DefinitionIds={definitionId}");
        Assert.Equal(0, all.GetProperty("totalCount").GetInt32());
        await (await fx.Client.DeleteAsync($"{ApiBase}/workflow-definitions/{definitionId}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_the_latest_version_makes_the_previous_one_latest()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);
        var v2 = await fx.SaveAsync(Model(definitionId));

        await (await fx.Client.DeleteAsync($"{ApiBase}/workflow-definition-versions/{v2.Str("id")}")).ShouldHave(HttpStatusCode.NoContent);

        var latest = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        Assert.Equal(1, latest.GetProperty("version").GetInt32());
        Assert.True(latest.GetProperty("isPublished").GetBoolean());
        await (await fx.Client.DeleteAsync($"{ApiBase}/workflow-definition-versions/{v2.Str("id")}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revert_copies_an_old_version_into_a_new_latest_draft()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId, name: "First"), publish: true);
        await fx.SaveAsync(Model(definitionId, name: "Second"), publish: true);

        var response = await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/revert/1", null)).ShouldHave(HttpStatusCode.OK);

        var summary = await response.ReadJson();
        Assert.Equal(3, summary.GetProperty("version").GetInt32());
        Assert.Equal("First", summary.Str("name"));
        var latest = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}");
        Assert.Equal(3, latest.GetProperty("version").GetInt32());
        Assert.False(latest.GetProperty("isPublished").GetBoolean());
        var published = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published");
        Assert.Equal(2, published.GetProperty("version").GetInt32());
        await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/revert/9", null)).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bulk_publish_reports_published_already_published_not_found_and_failed()
    {
        var ok = NewDefinitionId();
        var already = NewDefinitionId();
        var invalid = NewDefinitionId();
        var missing = NewDefinitionId();
        await fx.SaveAsync(Model(ok));
        await fx.SaveAsync(Model(already), publish: true);
        await fx.SaveAsync(Model(invalid, recipient: null));

        var response = await fx.Client.PostJsonAsync($"{ApiBase}/bulk-actions/publish/workflow-definitions/by-definition-ids", new { definitionIds = new[] { ok, already, invalid, missing } });

        var body = await (await response.ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal([ok], body.GetProperty("published").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([already], body.GetProperty("alreadyPublished").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([missing], body.GetProperty("notFound").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("SendNotification2", body.GetProperty("failed").GetProperty(invalid)[0].GetString(), StringComparison.Ordinal);
        var published = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{ok}");
        Assert.True(published.GetProperty("isPublished").GetBoolean());
    }

    [Fact]
    public async Task Bulk_retract_and_bulk_delete()
    {
        var a = NewDefinitionId();
        var b = NewDefinitionId();
        await fx.SaveAsync(Model(a), publish: true);
        await fx.SaveAsync(Model(b));

        var retract = await (await (await fx.Client.PostJsonAsync($"{ApiBase}/bulk-actions/retract/workflow-definitions/by-definition-ids", new { definitionIds = new[] { a, b } })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal([a], retract.GetProperty("retracted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([b], retract.GetProperty("alreadyRetracted").EnumerateArray().Select(e => e.GetString()));

        var delete = await (await (await fx.Client.PostJsonAsync($"{ApiBase}/bulk-actions/delete/workflow-definitions/by-definition-id", new { definitionIds = new[] { a, b, "nope" } })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(2, delete.GetProperty("deleted").GetInt32());
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/{a}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bulk_delete_of_versions()
    {
        var definitionId = NewDefinitionId();
        var v1 = await fx.SaveAsync(Model(definitionId), publish: true);
        var v2 = await fx.SaveAsync(Model(definitionId));

        var body = await (await (await fx.Client.PostJsonAsync($"{ApiBase}/bulk-actions/delete/workflow-definitions/by-id", new { ids = new[] { v2.Str("id") } })).ShouldHave(HttpStatusCode.OK)).ReadJson();

        Assert.Equal(1, body.GetProperty("deleted").GetInt32());
        var latest = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}");
        Assert.Equal(v1.Str("id"), latest.Str("id"));
    }

    [Fact]
    public async Task Bulk_actions_reject_a_body_without_ids()
    {
        var response = await fx.Client.PostJsonAsync($"{ApiBase}/bulk-actions/publish/workflow-definitions/by-definition-ids", new { ids = 3 });

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("definitionIds", errors.Keys);
    }

    [Fact]
    public async Task A_stale_write_of_the_same_version_fails_with_a_concurrency_error()
    {
        var saved = await fx.SaveAsync(Model(NewDefinitionId()));
        using var scope1 = fx.App.Services.CreateScope();
        using var scope2 = fx.App.Services.CreateScope();
        var db1 = scope1.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var db2 = scope2.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var first = await db1.WorkflowDefinitions.SingleAsync(d => d.Id == saved.Str("id"));
        var second = await db2.WorkflowDefinitions.SingleAsync(d => d.Id == saved.Str("id"));

        first.Name = "One";
        first.Touch(DateTime.UtcNow, "a");
        await db1.SaveChangesAsync();
        second.Name = "Two";
        second.Touch(DateTime.UtcNow, "b");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
    }

    [Fact]
    public async Task Two_saves_creating_the_same_version_conflict_instead_of_forking_history()
    {
        // Both writers see version 1 published and both try to start version 2: the unique index lets one win.
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);
        using var scope1 = fx.App.Services.CreateScope();
        using var scope2 = fx.App.Services.CreateScope();
        var store1 = scope1.ServiceProvider.GetRequiredService<DefinitionStore>();
        var store2 = scope2.ServiceProvider.GetRequiredService<DefinitionStore>();

        var results = await Task.WhenAll(Attempt(store1), Attempt(store2));

        Assert.Contains(results, ok => ok);
        var versions = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=AllVersions&DefinitionIds={definitionId}");
        Assert.Equal(2, versions.GetProperty("totalCount").GetInt32());
        Assert.Single(versions.GetProperty("items").EnumerateArray(), i => i.GetProperty("isLatest").GetBoolean());

        async Task<bool> Attempt(DefinitionStore store)
        {
            try
            {
                await store.SaveAsync(Model(definitionId), publish: false, CancellationToken.None);
                return true;
            }
            catch (Exception ex) when (ex is BuildingBlocks.Application.ConflictException or DbUpdateConcurrencyException)
            {
                return false;
            }
        }
    }
}
