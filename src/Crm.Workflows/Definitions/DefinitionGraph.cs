using System.Text.Json.Nodes;
using Crm.Workflows.Descriptors;

namespace Crm.Workflows.Definitions;

/// <summary>
/// Reads the activity graph inside an Elsa 3 definition's JSON without binding it to classes, so every property we do
/// not know survives untouched. An activity is any object with a string <c>id</c> and a string <c>type</c> that is not a
/// wrapped input (<c>{typeName, expression}</c>); containers keep children in <c>activities</c>, and activities with
/// embedded ports (ForEach's <c>body</c>, ...) keep a nested activity under the port's property.
/// </summary>
internal static class DefinitionGraph
{
    /// <summary>The root activity and every activity nested in it, each with the flowchart (container) that holds it.</summary>
    public static IEnumerable<(JsonObject Activity, JsonObject? Container)> Activities(JsonObject root)
    {
        var pending = new Stack<(JsonObject Activity, JsonObject? Container)>();
        pending.Push((root, null));
        while (pending.TryPop(out var current))
        {
            yield return current;
            foreach (var (name, value) in current.Activity)
            {
                if (name is "metadata" or "customProperties" or "connections" or "variables")
                {
                    continue;
                }

                switch (value)
                {
                    case JsonObject child when IsActivity(child):
                        pending.Push((child, current.Activity));
                        break;
                    case JsonArray array:
                        foreach (var item in array.OfType<JsonObject>().Where(IsActivity).Reverse())
                        {
                            pending.Push((item, current.Activity));
                        }

                        break;
                }
            }
        }
    }

    public static bool IsActivity(JsonObject node) =>
        node["id"] is JsonValue id && id.TryGetValue<string>(out _)
        && node["type"] is JsonValue type && type.TryGetValue<string>(out _)
        && !node.ContainsKey("expression");

    public static string? String(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>How messages name an activity: its designer name ("SendNotification2"), else its id.</summary>
    public static string Label(JsonObject activity)
    {
        var name = String(activity, "name");
        var id = String(activity, "id") ?? "?";
        return string.IsNullOrWhiteSpace(name) ? id : name;
    }

    /// <summary>
    /// The activity id a connection end points to. Elsa 3.1+ writes <c>{"activity": id, "port": name}</c>; 3.0 exports
    /// wrote the id as a plain string (with <c>sourcePort</c>/<c>targetPort</c> beside it).
    /// </summary>
    public static string? ConnectionEnd(JsonObject connection, string end) => connection[end] switch
    {
        JsonObject endpoint => String(endpoint, "activity"),
        JsonValue value when value.TryGetValue<string>(out var id) => id,
        _ => null,
    };

    /// <summary>
    /// Studio posts inputs set on a freshly dropped activity with <c>typeName: null</c>; the type comes from the
    /// descriptor, so later readers (the runtime, an Elsa server importing our export) see a typed input.
    /// </summary>
    public static void FillInputTypes(JsonObject root, ActivityRegistry registry)
    {
        foreach (var (activity, _) in Activities(root).ToList())
        {
            if (String(activity, "type") is not { } type || registry.Find(type) is not { } descriptor)
            {
                continue;
            }

            foreach (var input in descriptor.Inputs.Where(i => i.IsWrapped))
            {
                if (activity[input.Name] is not JsonObject wrapped)
                {
                    continue;
                }

                if (String(wrapped, "typeName") is null)
                {
                    wrapped["typeName"] = input.TypeName;
                }

                // Studio's JSON editor shows only a Literal's text: an Object expression (what Elsa exports, and what
                // our templates held) opened as an empty box and a process owner missed, say, the executive step of
                // the discount approval. The runtime reads the same JSON text from either.
                if (input.UIHint == Crm.Workflows.Abstractions.UIHints.Json
                    && wrapped["expression"] is JsonObject expression
                    && String(expression, "type") == "Object"
                    && expression["value"] is JsonValue value && value.TryGetValue<string>(out _))
                {
                    expression["type"] = "Literal";
                }
            }
        }
    }

    /// <summary>
    /// Sets every activity's <c>nodeId</c>, its path in the graph: <c>Workflow1:{rootId}</c> for the root, then
    /// <c>{parent nodeId}:{id}</c> (the formula Studio uses for dropped activities). Studio indexes the graph by node id
    /// and fails to render a root without one (its Create dialog posts none); the runtime's journal refers to node ids,
    /// so they are always derived here rather than trusted from the client.
    /// </summary>
    public static void AssignNodeIds(JsonObject root)
    {
        foreach (var (activity, parent) in Activities(root).ToList())
        {
            var parentNodeId = parent is null ? WorkflowNodeId : String(parent, "nodeId");
            activity["nodeId"] = $"{parentNodeId}:{String(activity, "id")}";
        }
    }

    /// <summary>The node id of the workflow around the root activity, as Elsa and Studio write it.</summary>
    public const string WorkflowNodeId = "Workflow1";

    /// <summary>A new, empty flowchart: the root of a definition created without one.</summary>
    public static JsonObject NewFlowchart(string id) => new()
    {
        ["id"] = id,
        ["nodeId"] = $"{WorkflowNodeId}:{id}",
        ["type"] = FlowchartDescriptor.TypeName,
        ["version"] = 1,
        ["name"] = "Flowchart1",
        ["customProperties"] = new JsonObject(),
        ["metadata"] = new JsonObject(),
        ["activities"] = new JsonArray(),
        ["connections"] = new JsonArray(),
    };
}
