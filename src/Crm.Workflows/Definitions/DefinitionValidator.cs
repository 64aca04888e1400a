using System.Text.Json.Nodes;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime.Expressions;

namespace Crm.Workflows.Definitions;

/// <summary>
/// What must hold before a version may run: every activity type is known here (a disabled module's activities are
/// not), every connection joins two activities of the same flowchart, every required input has a value, and every
/// JavaScript expression parses. Drafts are saved unchecked: the designer auto-saves half-built graphs all the time.
/// </summary>
internal sealed class DefinitionValidator(ActivityRegistry registry)
{
    public const string Title = "The workflow cannot be published.";

    public const string ImportTitle = "The workflow cannot be imported.";

    /// <summary>
    /// The activities whose type this server does not know, keyed by activity id. Import checks only this: a file
    /// from another server may be incomplete in every other way and still be worth finishing here, but an activity
    /// type that does not exist can never run, and finding out only at publish is too late.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> UnknownActivityTypes(JsonObject definition)
    {
        if (definition["root"] is not JsonObject root || !DefinitionGraph.IsActivity(root))
        {
            return new Dictionary<string, string[]>();
        }

        return DefinitionGraph.Activities(root)
            .Select(a => a.Activity)
            .Where(a => registry.Find(DefinitionGraph.String(a, "type")!) is null)
            .GroupBy(a => DefinitionGraph.String(a, "id")!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(a => UnknownTypeMessage(DefinitionGraph.Label(a), DefinitionGraph.String(a, "type")!)).ToArray(),
                StringComparer.Ordinal);
    }

    private static string UnknownTypeMessage(string label, string type) =>
        $"Activity '{label}' has the type '{type}', which this server does not know (is the module or plugin that provides it enabled?).";

    /// <summary>Messages keyed by the activity id they concern ("connections" for a connection).</summary>
    public IReadOnlyDictionary<string, string[]> Validate(JsonObject definition)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        if (definition["root"] is not JsonObject root || !DefinitionGraph.IsActivity(root))
        {
            Add("root", "The workflow has no root activity.");
            return Freeze(errors);
        }

        foreach (var (activity, _) in DefinitionGraph.Activities(root))
        {
            var id = DefinitionGraph.String(activity, "id")!;
            var type = DefinitionGraph.String(activity, "type")!;
            var label = DefinitionGraph.Label(activity);
            var descriptor = registry.Find(type);
            if (descriptor is null)
            {
                Add(id, UnknownTypeMessage(label, type));
                continue;
            }

            foreach (var (input, script) in Scripts(activity))
            {
                if (JavaScriptEvaluator.SyntaxError(script) is { } syntaxError)
                {
                    Add(id, $"Activity '{label}' ({descriptor.DisplayName}): the JavaScript of '{InputName(descriptor, input)}' does not parse: {syntaxError}");
                }
            }

            foreach (var input in descriptor.Inputs.Where(i => i.IsRequired && IsEmpty(activity[i.Name])))
            {
                Add(id, $"Activity '{label}' ({descriptor.DisplayName}): the input '{input.DisplayName}' is required.");
            }

            if (activity["activities"] is JsonArray children)
            {
                ValidateConnections(activity, children, Add);
            }
        }

        return Freeze(errors);
    }

    private static void ValidateConnections(JsonObject container, JsonArray children, Action<string, string> add)
    {
        var byId = children.OfType<JsonObject>()
            .Where(DefinitionGraph.IsActivity)
            .GroupBy(a => DefinitionGraph.String(a, "id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (container["connections"] is not JsonArray connections)
        {
            return;
        }

        foreach (var connection in connections.OfType<JsonObject>())
        {
            var source = DefinitionGraph.ConnectionEnd(connection, "source");
            var target = DefinitionGraph.ConnectionEnd(connection, "target");
            var sourceKnown = source is not null && byId.ContainsKey(source);
            var targetKnown = target is not null && byId.ContainsKey(target);
            if (sourceKnown && targetKnown)
            {
                continue;
            }

            // Name the end that still exists, so the process owner can find the arrow in the designer.
            var message = (sourceKnown, targetKnown) switch
            {
                (true, false) => $"Activity '{DefinitionGraph.Label(byId[source!])}' has a connection to '{target ?? "(none)"}', which is not in the flowchart.",
                (false, true) => $"Activity '{DefinitionGraph.Label(byId[target!])}' has a connection from '{source ?? "(none)"}', which is not in the flowchart.",
                _ => $"A connection from '{source ?? "(none)"}' to '{target ?? "(none)"}' joins activities that are not in the flowchart.",
            };
            add(sourceKnown ? source! : targetKnown ? target! : "connections", message);
        }
    }

    /// <summary>
    /// Every JavaScript expression of one activity with the input it belongs to, also nested ones (a switch's cases),
    /// but not those of child activities: the walk over the graph visits them as activities of their own.
    /// </summary>
    private static IEnumerable<(string Input, string Script)> Scripts(JsonObject activity)
    {
        foreach (var (name, value) in activity)
        {
            if (name is "activities" or "connections" or "metadata" or "customProperties")
            {
                continue;
            }

            foreach (var script in ScriptsIn(value))
            {
                yield return (name, script);
            }
        }
    }

    private static IEnumerable<string> ScriptsIn(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when DefinitionGraph.IsActivity(obj):
                yield break;
            case JsonObject obj when DefinitionGraph.String(obj, "type") == "JavaScript" && obj["value"] is JsonValue value && value.TryGetValue<string>(out var script):
                yield return script;
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    foreach (var script in ScriptsIn(child))
                    {
                        yield return script;
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var script in ScriptsIn(child))
                    {
                        yield return script;
                    }
                }

                break;
        }
    }

    private static string InputName(ActivityDescriptor descriptor, string input) =>
        descriptor.Inputs.FirstOrDefault(i => string.Equals(i.Name, input, StringComparison.OrdinalIgnoreCase))?.DisplayName ?? input;

    /// <summary>Unset, null, or a wrapped input whose expression has no value (or only white space).</summary>
    internal static bool IsEmpty(JsonNode? input)
    {
        var value = input is JsonObject wrapped && (wrapped.ContainsKey("expression") || wrapped.ContainsKey("typeName"))
            ? (wrapped["expression"] as JsonObject)?["value"]
            : input;
        return value switch
        {
            null => true,
            JsonValue text when text.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
            JsonArray array => array.Count == 0,
            _ => false,
        };
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
