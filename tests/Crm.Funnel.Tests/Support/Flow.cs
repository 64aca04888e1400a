using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Support;

/// <summary>
/// Builds workflow definitions the way Studio saves them (a root Elsa.Flowchart with wrapped inputs and port
/// connections), for "a process owner drew this" tests, and publishes them through the designer's API.
/// </summary>
public sealed class Flow
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];

    public Flow Trigger(string id, string type, params (string Name, JsonNode? Value)[] inputs) => Add(id, type, true, inputs);

    public Flow Activity(string id, string type, params (string Name, JsonNode? Value)[] inputs) => Add(id, type, false, inputs);

    public Flow Connect(string source, string port, string target)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    public static JsonNode Literal(string value) => Wrapped("Literal", value);

    public static JsonNode Js(string script) => Wrapped("JavaScript", script);

    public JsonObject Model(string definitionId, string name) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["description"] = "",
        ["toolVersion"] = "3.8.0.0",
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isReadonly"] = false,
        ["options"] = new JsonObject(),
        ["root"] = new JsonObject
        {
            ["id"] = "root1",
            ["nodeId"] = "Workflow1:root1",
            ["name"] = "Flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["activities"] = _activities.DeepClone(),
            ["variables"] = new JsonArray(),
            ["connections"] = _connections.DeepClone(),
        },
    };

    /// <summary>Saves and publishes under <paramref name="definitionId"/> (a new version when it exists) and returns the stored version.</summary>
    public async Task<JsonElement> PublishAsync(HttpClient client, string definitionId, string name = "Test flow")
    {
        var response = await client.PostAsync("/elsa/api/workflow-definitions",
            new StringContent(new JsonObject { ["model"] = Model(definitionId, name), ["publish"] = true }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        await response.ShouldHave(HttpStatusCode.OK);
        return (await response.ReadJson()).GetProperty("workflowDefinition");
    }

    /// <summary>Instances of a definition, newest first.</summary>
    public static async Task<List<JsonElement>> InstancesAsync(HttpClient client, string definitionId)
    {
        var response = await client.PostAsJsonAsync("/elsa/api/workflow-instances", new { definitionId, pageSize = 100, orderBy = "Created", orderDirection = "Descending" });
        await response.ShouldHave(HttpStatusCode.OK);
        return (await response.ReadJson()).GetProperty("items").EnumerateArray().ToList();
    }

    private Flow Add(string id, string type, bool trigger, (string Name, JsonNode? Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:root1:{id}",
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = trigger ? new JsonObject { ["canStartWorkflow"] = true } : new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = _activities.Count * 200, ["y"] = 100 } } },
        };
        foreach (var (name, value) in inputs)
        {
            activity[name] = value;
        }

        _activities.Add(activity);
        return this;
    }

    private static JsonObject Wrapped(string type, string value) => new()
    {
        ["typeName"] = null,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
        ["memoryReference"] = null,
    };
}
