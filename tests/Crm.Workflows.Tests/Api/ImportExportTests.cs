using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using static Crm.Workflows.Tests.Api.WorkflowApiFixture;

namespace Crm.Workflows.Tests.Api;

/// <summary>Export files in Elsa's format and import of files exported by an Elsa 3 server (or by us).</summary>
public sealed class ImportExportTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    /// <summary>A file as an Elsa 3.6 server exports it: <c>$schema</c>, a published version 3, Elsa core activities, a ForEach whose body is a nested flowchart.</summary>
    private static JsonObject ElsaExport(string? definitionId, string versionId) => JsonNode.Parse($$"""
        {
          "$schema": "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
          "id": "{{versionId}}",
          "definitionId": {{(definitionId is null ? "null" : $"\"{definitionId}\"")}},
          "name": "Order follow-up",
          "description": "Exported from Elsa",
          "createdAt": "2025-06-01T08:30:00.0000000+00:00",
          "version": 3,
          "toolVersion": "3.6.0.0",
          "variables": [
            { "id": "9a1b", "name": "Counter", "typeName": "Int32", "isArray": false, "value": "0",
              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }
          ],
          "inputs": [], "outputs": [], "outcomes": [],
          "customProperties": { "team": "sales" },
          "isReadonly": false,
          "isSystem": false,
          "isLatest": true,
          "isPublished": true,
          "options": { "activationStrategyType": "Elsa.Workflows.Runtime.ActivationStrategies.AllowAlwaysStrategy, Elsa.Workflows.Runtime",
                       "usableAsActivity": false, "autoUpdateConsumingWorkflows": false },
          "root": {
            "type": "Elsa.Flowchart", "version": 1, "id": "f0", "nodeId": "Workflow1:f0",
            "metadata": {}, "customProperties": { "source": "FlowchartJsonConverter.cs:39" },
            "activities": [
              { "id": "s1", "nodeId": "Workflow1:f0:s1", "name": "Start1", "type": "Elsa.Start", "version": 1,
                "customProperties": { "canStartWorkflow": true },
                "metadata": { "designer": { "position": { "x": -200, "y": 0 }, "size": { "width": 102, "height": 50 } } } },
              { "id": "w1", "nodeId": "Workflow1:f0:w1", "name": "WriteLine1", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "`Counter is ${getCounter()}`" } },
                "metadata": {} },
              { "id": "e1", "nodeId": "Workflow1:f0:e1", "name": "ForEach1", "type": "Elsa.ForEach", "version": 1,
                "items": { "typeName": "Object[]", "expression": { "type": "Object", "value": "[1,2]" } },
                "body": {
                  "type": "Elsa.Flowchart", "version": 1, "id": "f1", "nodeId": "Workflow1:f0:e1:f1",
                  "activities": [
                    { "id": "n1", "name": "SendNotification1", "type": "Test.SendNotification", "version": 1,
                      "recipient": { "typeName": null, "expression": { "type": "Literal", "value": "ops@example.test" } } }
                  ],
                  "connections": []
                },
                "metadata": {} }
            ],
            "connections": [
              { "source": { "activity": "s1", "port": "Done" }, "target": { "activity": "w1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "w1", "port": "Done" }, "target": { "activity": "e1", "port": "In" }, "vertices": [] }
            ]
          }
        }
        """)!.AsObject();

    [Fact]
    public async Task Import_of_an_Elsa_export_keeps_its_ids_and_everything_in_it_as_a_draft_version_1()
    {
        var definitionId = NewDefinitionId();
        var versionId = Guid.NewGuid().ToString("N")[..16];
        var file = ElsaExport(definitionId, versionId);

        var response = await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/import", Json(file));

        var imported = (await (await response.ShouldHave(HttpStatusCode.OK)).ReadJson()).ToObject();
        Assert.Equal(definitionId, (string?)imported["definitionId"]);
        Assert.Equal(versionId, (string?)imported["id"]);
        Assert.Equal(1, (int)imported["version"]!);
        Assert.False((bool)imported["isPublished"]!);
        Assert.True((bool)imported["isLatest"]!);
        Assert.True(JsonNode.DeepEquals(file["variables"], imported["variables"]));
        Assert.True(JsonNode.DeepEquals(file["options"], imported["options"]));
        Assert.True(JsonNode.DeepEquals(file["customProperties"], imported["customProperties"]));
        Assert.True(JsonNode.DeepEquals(file["root"]!["connections"], imported["root"]!["connections"]));
        Assert.True(JsonNode.DeepEquals(file["root"]!["activities"]![1], imported["root"]!["activities"]![1]));
        Assert.Contains(imported["links"]!.AsArray(), l => (string?)l!["rel"] == "publish");

        // The nested activity inside the ForEach body got its input type from our descriptor.
        var nested = imported["root"]!["activities"]![2]!["body"]!["activities"]![0]!;
        Assert.Equal("String", (string?)nested["recipient"]!["typeName"]);

        // Node ids are paths through the graph, embedded ports included.
        Assert.Equal("Workflow1:f0:e1:f1:n1", (string?)nested["nodeId"]);
    }

    [Fact]
    public async Task Import_without_definition_id_creates_a_new_workflow_with_201()
    {
        var response = await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/import", Json(ElsaExport(null, Guid.NewGuid().ToString("N")[..16])));

        var imported = await (await response.ShouldHave(HttpStatusCode.Created)).ReadJson();
        Assert.Matches("^[0-9a-f]{16}$", imported.Str("definitionId"));
        Assert.EndsWith($"/elsa/api/workflow-definitions/by-definition-id/{imported.Str("definitionId")}", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_into_a_published_definition_adds_a_new_draft_version()
    {
        var definitionId = NewDefinitionId();
        var published = await fx.SaveAsync(Model(definitionId), publish: true);

        // A version id that is already taken is replaced; the path's definition id wins over the file's.
        var response = await fx.Client.PutAsync($"{ApiBase}/workflow-definitions/{definitionId}/import", Json(ElsaExport("some-other-id", published.Str("id"))));

        var imported = await (await response.ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(definitionId, imported.Str("definitionId"));
        Assert.Equal(2, imported.GetProperty("version").GetInt32());
        Assert.NotEqual(published.Str("id"), imported.Str("id"));
        Assert.Equal("Order follow-up", imported.Str("name"));
        var stillPublished = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published");
        Assert.Equal(1, stillPublished.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Import_of_something_that_is_not_an_object_returns_400()
    {
        await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/import", Json(new JsonArray()))).ShouldHave(HttpStatusCode.BadRequest);
        await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/import", new StringContent("not json"))).ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Export_writes_Elsas_file_format_as_a_download()
    {
        var definitionId = NewDefinitionId();
        var model = Model(definitionId, name: "Approval flow");
        model["futureField"] = "kept";
        var saved = await fx.SaveAsync(model, publish: true);

        var response = await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/{definitionId}/export?versionOptions=Published")).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"workflow-definition-approval-flow-{definitionId}-{saved.Str("id")}.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var file = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("$schema", file.First().Key);
        Assert.Equal("https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json", (string?)file["$schema"]);
        Assert.Equal(definitionId, (string?)file["definitionId"]);
        Assert.Equal("kept", (string?)file["futureField"]);
        Assert.Equal("root", file.Last().Key);
        Assert.False(file.ContainsKey("links"));
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/{NewDefinitionId()}/export")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_exported_file_imports_as_a_new_workflow_once_its_ids_are_cleared()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId));
        var exported = JsonNode.Parse(await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/{definitionId}/export")).Content.ReadAsStringAsync())!.AsObject();
        exported["definitionId"] = null;

        var copy = await (await (await fx.Client.PostAsync($"{ApiBase}/workflow-definitions/import", Json(exported))).ShouldHave(HttpStatusCode.Created)).ReadJson();

        Assert.NotEqual(definitionId, copy.Str("definitionId"));
        Assert.True(JsonNode.DeepEquals(exported["root"], copy.ToObject()["root"]));
    }

    [Fact]
    public async Task Bulk_export_of_several_versions_is_a_zip_with_one_file_each()
    {
        var a = await fx.SaveAsync(Model(NewDefinitionId(), name: "Zip A"));
        var b = await fx.SaveAsync(Model(NewDefinitionId(), name: "Zip B"));

        var response = await (await fx.Client.PostJsonAsync($"{ApiBase}/bulk-actions/export/workflow-definitions", new { ids = new[] { a.Str("id"), b.Str("id") }, includeConsumingWorkflows = false }))
            .ShouldHave(HttpStatusCode.OK);

        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(2, zip.Entries.Count);
        Assert.Contains(zip.Entries, e => e.Name.StartsWith("workflow-definition-zip-a-", StringComparison.Ordinal));
    }
}
