using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using static Crm.Workflows.Tests.Api.WorkflowApiFixture;

namespace Crm.Workflows.Tests.Api;

/// <summary>POST /workflow-definitions (auto-save, Save, Publish, Create) and POST /{id}/publish: Elsa's versioning rules.</summary>
public sealed class SaveAndPublishTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    [Fact]
    public async Task Create_without_definition_id_gets_new_ids_version_1_and_the_publish_link()
    {
        // Studio's Create dialog: no definitionId, and a root without activities or connections.
        var model = new JsonObject
        {
            ["definitionId"] = null,
            ["name"] = "Workflow 1",
            ["root"] = new JsonObject { ["id"] = "f1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1" },
        };

        var response = await (await fx.PostSaveAsync(model)).ShouldHave(HttpStatusCode.OK);
        var body = await response.ReadJson();
        var created = body.GetProperty("workflowDefinition");

        Assert.False(body.GetProperty("alreadyPublished").GetBoolean());
        Assert.Equal(0, body.GetProperty("consumingWorkflowCount").GetInt32());
        Assert.Matches("^[0-9a-f]{16}$", created.Str("definitionId"));
        Assert.Matches("^[0-9a-f]{16}$", created.Str("id"));
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.True(created.GetProperty("isLatest").GetBoolean());
        Assert.False(created.GetProperty("isPublished").GetBoolean());
        Assert.Equal("Json", created.Str("materializerName"));
        Assert.Equal(JsonValueKind.Array, created.GetProperty("variables").ValueKind);
        AssertPublishLink(created);

        var fetched = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{created.Str("definitionId")}?versionOptions=Latest");
        Assert.Equal("Workflow 1", fetched.Str("name"));
        Assert.Equal("Elsa.Flowchart", fetched.GetProperty("root").Str("type"));

        // Studio indexes the graph by node id and cannot render a root without one.
        Assert.Equal("Workflow1:f1", fetched.GetProperty("root").Str("nodeId"));
    }

    [Fact]
    public async Task Saving_a_draft_again_updates_it_in_place()
    {
        var definitionId = NewDefinitionId();
        var first = await fx.SaveAsync(Model(definitionId));
        var model = Model(definitionId, name: "Renamed");
        model["id"] = first.Str("id");

        var second = await fx.SaveAsync(model);

        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal(1, second.GetProperty("version").GetInt32());
        Assert.Equal("Renamed", second.Str("name"));
        var all = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=AllVersions&DefinitionIds={definitionId}");
        Assert.Equal(1, all.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Saving_after_publish_starts_version_2_as_the_latest_draft()
    {
        var definitionId = NewDefinitionId();
        var published = await fx.SaveAsync(Model(definitionId), publish: true);
        Assert.True(published.GetProperty("isPublished").GetBoolean());
        Assert.True(published.GetProperty("isLatest").GetBoolean());
        AssertPublishLink(published);

        var draft = await fx.SaveAsync(Model(definitionId, name: "Second"));

        Assert.Equal(2, draft.GetProperty("version").GetInt32());
        Assert.NotEqual(published.Str("id"), draft.Str("id"));
        Assert.True(draft.GetProperty("isLatest").GetBoolean());
        Assert.False(draft.GetProperty("isPublished").GetBoolean());
        AssertPublishLink(draft);

        // Version 1 keeps running (still published) but is no longer the latest.
        var v1 = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.False(v1.GetProperty("isLatest").GetBoolean());
        var byNumber = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=1");
        Assert.Equal(published.Str("id"), byNumber.Str("id"));
        var latestOrPublished = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=LatestOrPublished");
        Assert.Equal(1, latestOrPublished.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Publishing_version_2_unpublishes_version_1()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);
        await fx.SaveAsync(Model(definitionId));

        var v2 = await fx.SaveAsync(Model(definitionId), publish: true);

        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.True(v2.GetProperty("isPublished").GetBoolean());
        var versions = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=AllVersions&DefinitionIds={definitionId}&OrderBy=Version&OrderDirection=Ascending");
        var items = versions.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([1, 2], items.Select(i => i.GetProperty("version").GetInt32()));
        Assert.Equal([false, true], items.Select(i => i.GetProperty("isPublished").GetBoolean()));
        Assert.Equal([false, true], items.Select(i => i.GetProperty("isLatest").GetBoolean()));
    }

    [Fact]
    public async Task Publish_route_publishes_the_latest_version_and_reports_already_published()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId));

        var response = await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/publish", Json(new JsonObject()))).ShouldHave(HttpStatusCode.OK);
        var body = await response.ReadJson();
        Assert.False(body.GetProperty("alreadyPublished").GetBoolean());
        Assert.True(body.GetProperty("workflowDefinition").GetProperty("isPublished").GetBoolean());

        var again = await (await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/publish", Json(new JsonObject()))).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.True(again.GetProperty("alreadyPublished").GetBoolean());
    }

    [Fact]
    public async Task Publish_route_for_an_unknown_definition_returns_404()
    {
        var response = await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{NewDefinitionId()}/publish", Json(new JsonObject()));

        await response.ShouldHave(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Publishing_with_a_missing_required_input_returns_400_naming_the_activity_and_publishes_nothing()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId, recipient: null));

        var response = await fx.PostSaveAsync(Model(definitionId, recipient: null), publish: true);

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        var message = Assert.Single(errors["a2"]);
        Assert.Contains("SendNotification2", message, StringComparison.Ordinal);
        Assert.Contains("Recipient", message, StringComparison.Ordinal);
        var latest = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}");
        Assert.False(latest.GetProperty("isPublished").GetBoolean());
    }

    [Fact]
    public async Task Publishing_with_an_unknown_activity_type_returns_400_naming_the_activity()
    {
        var model = Model(NewDefinitionId());
        var activities = model["root"]!["activities"]!.AsArray();
        activities.Add(new JsonObject { ["id"] = "x9", ["name"] = "MoveDeal1", ["type"] = "Crm.MoveDealToStage", ["version"] = 1 });

        var response = await fx.PostSaveAsync(model, publish: true);

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        var message = Assert.Single(errors["x9"]);
        Assert.Contains("MoveDeal1", message, StringComparison.Ordinal);
        Assert.Contains("Crm.MoveDealToStage", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_with_a_dangling_connection_returns_400_naming_the_activity()
    {
        var model = Model(NewDefinitionId());
        model["root"]!["connections"]!.AsArray().Add(Connection("a1", "Rejected", "gone"));

        var response = await fx.PostSaveAsync(model, publish: true);

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        var message = Assert.Single(errors["a1"]);
        Assert.Contains("RequestApproval1", message, StringComparison.Ordinal);
        Assert.Contains("'gone'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_route_validates_too()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId, recipient: " "));

        var response = await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/publish", Json(new JsonObject()));

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("SendNotification2", Assert.Single(errors["a2"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_are_saved_without_validation()
    {
        // Auto-save posts half-built graphs; only publishing checks them.
        var model = Model(NewDefinitionId(), recipient: null);
        model["root"]!["connections"]!.AsArray().Add(Connection("a1", "Rejected", "gone"));

        await fx.SaveAsync(model);
    }

    [Fact]
    public async Task Unknown_properties_round_trip_unchanged()
    {
        var definitionId = NewDefinitionId();
        var model = Model(definitionId);
        model["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, "two", true) };
        model["customProperties"] = new JsonObject { ["owner"] = "ops" };
        var activity = model["root"]!["activities"]![0]!.AsObject();
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true, ["mergeMode"] = "Stream" };
        activity["somethingNew"] = new JsonObject { ["a"] = 1.5 };
        model["root"]!["variables"] = new JsonArray(new JsonObject { ["id"] = "v1", ["name"] = "Total", ["typeName"] = "Decimal", ["value"] = "0" });

        await fx.SaveAsync(model);
        var stored = (await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}")).ToObject();

        Assert.True(JsonNode.DeepEquals(model["futureField"], stored["futureField"]));
        Assert.True(JsonNode.DeepEquals(model["customProperties"], stored["customProperties"]));
        var storedActivity = stored["root"]!["activities"]![0]!.AsObject();
        Assert.True(JsonNode.DeepEquals(activity["customProperties"], storedActivity["customProperties"]));
        Assert.True(JsonNode.DeepEquals(activity["somethingNew"], storedActivity["somethingNew"]));
        Assert.True(JsonNode.DeepEquals(activity["metadata"], storedActivity["metadata"]));
        Assert.True(JsonNode.DeepEquals(model["root"]!["variables"], stored["root"]!["variables"]));
        Assert.True(JsonNode.DeepEquals(model["root"]!["connections"], stored["root"]!["connections"]));
    }

    [Fact]
    public async Task Inputs_posted_with_typeName_null_get_the_type_from_the_descriptor()
    {
        var definitionId = NewDefinitionId();
        var model = Model(definitionId);
        var notification = model["root"]!["activities"]![1]!.AsObject();
        notification["retries"] = Literal(null, "3");

        var saved = (await fx.SaveAsync(model)).ToObject();

        var stored = saved["root"]!["activities"]![1]!;
        Assert.Equal("String", (string?)stored["recipient"]!["typeName"]);
        Assert.Equal("Boolean", (string?)stored["urgent"]!["typeName"]);
        Assert.Equal("Int32", (string?)stored["retries"]!["typeName"]);
        Assert.Equal("3", (string?)stored["retries"]!["expression"]!["value"]);

        // Types the client did send are kept.
        Assert.Equal("String", (string?)saved["root"]!["activities"]![0]!["approver"]!["typeName"]);
    }

    [Fact]
    public async Task Client_supplied_server_fields_are_ignored()
    {
        var definitionId = NewDefinitionId();
        var model = Model(definitionId);
        model["isPublished"] = true;
        model["version"] = 42;
        model["links"] = new JsonArray(new JsonObject { ["rel"] = "evil" });

        var saved = await fx.SaveAsync(model);

        Assert.False(saved.GetProperty("isPublished").GetBoolean());
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.DoesNotContain(saved.GetProperty("links").EnumerateArray(), l => l.Str("rel") == "evil");
    }

    [Fact]
    public async Task Invalid_json_returns_400_problem_details()
    {
        var response = await fx.Client.PostAsync($"{ApiBase}/workflow-definitions", new StringContent("{\"model\": {", System.Text.Encoding.UTF8, "application/json"));

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("body", errors.Keys);
    }

    [Fact]
    public async Task A_body_without_a_model_returns_400()
    {
        var response = await fx.Client.PostAsync($"{ApiBase}/workflow-definitions", Json(new JsonObject { ["publish"] = false }));

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("model", errors.Keys);
    }

    [Fact]
    public async Task A_root_that_is_not_an_activity_returns_400()
    {
        var model = Model(NewDefinitionId());
        model["root"] = "Elsa.Flowchart";

        var response = await fx.PostSaveAsync(model);

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("root", errors.Keys);
    }

    [Fact]
    public async Task Save_for_a_definition_id_that_does_not_exist_yet_keeps_that_id()
    {
        var definitionId = NewDefinitionId();

        var saved = await fx.SaveAsync(Model(definitionId));

        Assert.Equal(definitionId, saved.Str("definitionId"));
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Dates_are_ISO_8601_with_an_offset()
    {
        var saved = await fx.SaveAsync(Model(NewDefinitionId()));

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$", saved.Str("createdAt"));
    }

    private static void AssertPublishLink(JsonElement definition)
    {
        var links = definition.GetProperty("links").EnumerateArray().ToList();
        var publish = Assert.Single(links, l => l.Str("rel") == "publish");
        Assert.Equal("POST", publish.Str("method"));
        Assert.Equal($"/workflow-definitions/{definition.Str("definitionId")}/publish", publish.Str("href"));
    }
}
