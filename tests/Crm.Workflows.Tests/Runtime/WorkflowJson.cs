using System.Text.Json.Nodes;
using Crm.Workflows.Runtime.Model;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>
/// Builds workflow definitions in the shape Studio saves (contract 3a, elsa-captures/save-and-publish-request.json):
/// a root Elsa.Flowchart with activities carrying their inputs as wrapped properties, source/target connections,
/// designer metadata and ids/nodeIds as Studio generates them.
/// </summary>
internal sealed class WorkflowJson
{
    private readonly string _nodePrefix;
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];
    private readonly JsonArray _inputs = [];
    private readonly JsonObject _options = new() { ["incidentStrategyType"] = null };
    private int _x;

    public WorkflowJson(string rootId = "root1", string nodePrefix = "Workflow1:root1")
    {
        RootId = rootId;
        _nodePrefix = nodePrefix;
    }

    public string RootId { get; }

    public WorkflowJson Activity(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"{_nodePrefix}:{id}",
            ["name"] = type[(type.LastIndexOf('.') + 1)..] + "_" + id,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = _x += 200, ["y"] = 100 } } },
        };
        foreach (var (name, value) in properties)
        {
            activity[name] = value;
        }

        _activities.Add(activity);
        return this;
    }

    /// <summary>An activity with customProperties.canStartWorkflow (Studio's "Trigger workflow" checkbox).</summary>
    public WorkflowJson Trigger(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        Activity(id, type, properties);
        _activities[^1]!["customProperties"]!["canStartWorkflow"] = true;
        return this;
    }

    public WorkflowJson Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    public WorkflowJson Chain(params string[] ids)
    {
        for (var i = 0; i + 1 < ids.Length; i++)
        {
            Connect(ids[i], ids[i + 1]);
        }

        return this;
    }

    public WorkflowJson Variable(string id, string name, string typeName, string? value = null, bool isArray = false)
    {
        _variables.Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["typeName"] = typeName,
            ["isArray"] = isArray,
            ["value"] = value,
            ["storageDriverTypeName"] = null,
        });
        return this;
    }

    public WorkflowJson Input(string name, string type)
    {
        _inputs.Add(new JsonObject { ["type"] = type, ["name"] = name, ["displayName"] = name, ["uiHint"] = "singleline", ["isArray"] = false });
        return this;
    }

    public WorkflowJson ContinueOnIncidents()
    {
        _options["incidentStrategyType"] = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core";
        return this;
    }

    /// <summary>The root flowchart object (also usable as a nested body).</summary>
    public JsonObject Flowchart() => new()
    {
        ["id"] = RootId,
        ["nodeId"] = _nodePrefix,
        ["name"] = "Flowchart1",
        ["type"] = "Elsa.Flowchart",
        ["version"] = 1,
        ["customProperties"] = new JsonObject(),
        ["metadata"] = new JsonObject(),
        ["activities"] = _activities.DeepClone(),
        ["variables"] = new JsonArray(),
        ["connections"] = _connections.DeepClone(),
    };

    public JsonObject Definition() => new()
    {
        ["id"] = "wf-test-v1",
        ["definitionId"] = "wf-test",
        ["name"] = "Test workflow",
        ["description"] = "",
        ["createdAt"] = "2026-11-22T19:47:00.213548+00:00",
        ["version"] = 1,
        ["toolVersion"] = "3.8.0.0",
        ["variables"] = _variables.DeepClone(),
        ["inputs"] = _inputs.DeepClone(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isReadonly"] = false,
        ["options"] = _options.DeepClone(),
        ["root"] = Flowchart(),
        ["links"] = null,
        ["isLatest"] = true,
        ["isPublished"] = false,
    };

    public string Json() => Definition().ToJsonString();

    public WorkflowDefinitionModel Build() => WorkflowDefinitionModel.Parse(Json());

    // ---- Input helpers ---------------------------------------------------------------------------------------------

    /// <summary>A wrapped input as Studio writes it; typeName null as for a freshly dropped activity.</summary>
    public static JsonNode Literal(JsonNode? value, string? typeName = null) => Wrapped("Literal", value, typeName);

    public static JsonNode Js(string script, string? typeName = null) => Wrapped("JavaScript", script, typeName);

    /// <summary>An Object expression: the value is JSON text.</summary>
    public static JsonNode Object(string json, string? typeName = "Object") => Wrapped("Object", json, typeName);

    public static JsonNode Wrapped(string expressionType, JsonNode? value, string? typeName = null) => new JsonObject
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value },
        ["memoryReference"] = null,
    };

    /// <summary>SetVariable's unwrapped variable reference, as Studio's variable picker writes it.</summary>
    public static JsonNode VariableRef(string id, string name, string typeName = "Object") => new JsonObject
    {
        ["id"] = id,
        ["name"] = name,
        ["typeName"] = typeName,
        ["isArray"] = false,
        ["value"] = null,
        ["storageDriverTypeName"] = null,
    };

    /// <summary>An output bound to a variable.</summary>
    public static JsonNode OutputTo(string variableId, string typeName = "Object") => new JsonObject
    {
        ["typeName"] = typeName,
        ["memoryReference"] = new JsonObject { ["id"] = variableId },
    };

    public static JsonNode Cases(params (string Label, string Script)[] cases)
    {
        var array = new JsonArray();
        foreach (var (label, script) in cases)
        {
            array.Add(new JsonObject
            {
                ["label"] = label,
                ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script },
                ["activity"] = null,
            });
        }

        return array;
    }
}
