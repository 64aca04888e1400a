using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Workflows.Runtime.Model;

/// <summary>
/// A workflow definition version as the runtime needs it, read from the Elsa 3 JSON Studio saves and exports
/// (contract 3a). Parse once per definition version and share: it is immutable and thread-safe.
/// </summary>
internal sealed class WorkflowDefinitionModel
{
    private readonly Dictionary<string, ActivityModel> _byNodeId;
    private readonly Dictionary<string, ActivityModel> _byId;

    internal WorkflowDefinitionModel(
        string id,
        string definitionId,
        string? name,
        int version,
        IReadOnlyList<VariableDefinitionModel> variables,
        IReadOnlyList<WorkflowIODefinitionModel> inputs,
        IReadOnlyList<WorkflowIODefinitionModel> outputs,
        string? incidentStrategyType,
        ActivityModel root)
    {
        Id = id;
        DefinitionId = definitionId;
        Name = name;
        Version = version;
        Variables = variables;
        Inputs = inputs;
        Outputs = outputs;
        IncidentStrategyType = incidentStrategyType;
        Root = root;
        _byNodeId = new Dictionary<string, ActivityModel>(StringComparer.Ordinal);
        _byId = new Dictionary<string, ActivityModel>(StringComparer.Ordinal);
        foreach (var activity in Descendants(root))
        {
            _byNodeId.TryAdd(activity.NodeId, activity);
            _byId.TryAdd(activity.Id, activity);
        }
    }

    /// <summary>The version id ("wf-approval-v1").</summary>
    public string Id { get; }

    /// <summary>The id shared by all versions ("wf-approval").</summary>
    public string DefinitionId { get; }

    public string? Name { get; }

    public int Version { get; }

    public IReadOnlyList<VariableDefinitionModel> Variables { get; }

    public IReadOnlyList<WorkflowIODefinitionModel> Inputs { get; }

    public IReadOnlyList<WorkflowIODefinitionModel> Outputs { get; }

    /// <summary>options.incidentStrategyType; null means the default Fault strategy.</summary>
    public string? IncidentStrategyType { get; }

    /// <summary>The root activity, normally an Elsa.Flowchart.</summary>
    public ActivityModel Root { get; }

    /// <summary>Every activity, the root and nested bodies included.</summary>
    public IEnumerable<ActivityModel> AllActivities => _byNodeId.Values;

    public ActivityModel? FindByNodeId(string nodeId) => _byNodeId.GetValueOrDefault(nodeId);

    public ActivityModel? FindById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// The activities of the root flowchart that can start this workflow (canStartWorkflow), with what a trigger index
    /// needs: e.g. the Event's literal event name or the Timer's interval.
    /// </summary>
    public IReadOnlyList<WorkflowTriggerModel> GetTriggers()
    {
        if (Root.Flowchart is null)
        {
            return [];
        }

        return Root.Flowchart.Activities
            .Where(a => a.CanStartWorkflow)
            .Select(a => new WorkflowTriggerModel(
                a.Id,
                a.Type,
                LiteralText(a.GetInput("eventName")),
                a.Type == Core.CoreActivityTypes.Timer
                    ? Values.ValueConverter.ConvertTo<TimeSpan?>(a.GetInput("interval")?.Value ?? "00:01:00")
                    : null))
            .ToList();
    }

    public static WorkflowDefinitionModel Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return WorkflowDefinitionParser.Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new WorkflowDefinitionException($"The workflow definition is not valid JSON: {e.Message}");
        }
    }

    public static WorkflowDefinitionModel Parse(JsonNode json) => WorkflowDefinitionParser.Parse(JsonSerializer.SerializeToElement(json));

    private static string? LiteralText(ExpressionModel? expression) =>
        expression is { Type: ExpressionModel.Literal, Value: string text } ? text : null;

    private static IEnumerable<ActivityModel> Descendants(ActivityModel activity)
    {
        yield return activity;
        if (activity.Flowchart is not null)
        {
            foreach (var child in activity.Flowchart.Activities.SelectMany(Descendants))
            {
                yield return child;
            }
        }

        if (activity.Body is not null)
        {
            foreach (var child in Descendants(activity.Body))
            {
                yield return child;
            }
        }
    }
}

/// <summary>A start-capable activity of a definition (for the trigger index of the caller).</summary>
internal sealed record WorkflowTriggerModel(string ActivityId, string ActivityType, string? EventName, TimeSpan? Interval);

/// <summary>The definition JSON cannot be read.</summary>
internal sealed class WorkflowDefinitionException(string message) : Exception(message);

/// <summary>Reads Elsa JSON into the model; tolerant of unknown properties and of Elsa's legacy connection forms.</summary>
internal static class WorkflowDefinitionParser
{
    private const string RootParentNodeId = "Workflow1";

    public static WorkflowDefinitionModel Parse(JsonElement document)
    {
        // Accept the save request wrapper {"model": {...}, "publish": true} as well as the bare model or export file.
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new WorkflowDefinitionException("The workflow definition must be a JSON object.");
        }

        if (!Has(document, "root") && TryGet(document, "model") is { ValueKind: JsonValueKind.Object } model)
        {
            document = model;
        }

        var definitionId = String(document, "definitionId") ?? String(document, "id") ?? "workflow";
        var id = String(document, "id") ?? definitionId;
        var counter = new IdCounter();
        var root = TryGet(document, "root") is { ValueKind: JsonValueKind.Object } rootElement
            ? ParseActivity(rootElement, RootParentNodeId, counter)
            : EmptyFlowchart();
        var options = TryGet(document, "options");
        return new WorkflowDefinitionModel(
            id,
            definitionId,
            String(document, "name"),
            Int(document, "version") ?? 1,
            ParseVariables(TryGet(document, "variables"), withArray: true),
            ParseIODefinitions(TryGet(document, "inputs")),
            ParseIODefinitions(TryGet(document, "outputs")),
            options is { ValueKind: JsonValueKind.Object } o ? String(o, "incidentStrategyType") : null,
            root);
    }

    private static ActivityModel EmptyFlowchart() => new()
    {
        Id = "Flowchart1",
        NodeId = $"{RootParentNodeId}:Flowchart1",
        Type = Core.CoreActivityTypes.Flowchart,
        Flowchart = new FlowchartModel([], [], []),
    };

    private static ActivityModel ParseActivity(JsonElement element, string parentNodeId, IdCounter counter)
    {
        var type = String(element, "type") ?? "Unknown";
        var id = String(element, "id") ?? counter.Next(type);
        var nodeId = String(element, "nodeId") ?? $"{parentNodeId}:{id}";
        var inputs = new Dictionary<string, ExpressionModel>(StringComparer.Ordinal);
        var outputBindings = new Dictionary<string, string>(StringComparer.Ordinal);
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        ActivityModel? body = null;

        foreach (var property in element.EnumerateObject())
        {
            properties[property.Name] = property.Value.Clone();
            var value = property.Value;
            var isWrappedInput = value.ValueKind == JsonValueKind.Object && Has(value, "expression");
            if (isWrappedInput && !StructuralProperties.Contains(property.Name))
            {
                inputs[property.Name] = ParseExpression(value);
                continue;
            }

            if (StructuralProperties.Contains(property.Name) || property.Name == "name")
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                if (TryGet(value, "memoryReference") is { ValueKind: JsonValueKind.Object } reference && String(reference, "id") is { } variableId)
                {
                    outputBindings[property.Name] = variableId;
                }
                else if (property.Name == "body" && Has(value, "type"))
                {
                    body = ParseActivity(value, nodeId, counter);
                }
            }
            else if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Array)
            {
                // Elsa reads a bare (unwrapped) value as a Literal.
                inputs[property.Name] = ExpressionModel.FromLiteral(LiteralValue(value));
            }
        }

        FlowchartModel? flowchart = null;
        if (type == Core.CoreActivityTypes.Flowchart)
        {
            var activities = TryGet(element, "activities") is { ValueKind: JsonValueKind.Array } array
                ? array.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => ParseActivity(a, nodeId, counter)).ToList()
                : [];
            var ids = activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var connections = ParseConnections(TryGet(element, "connections"))
                .Where(c => ids.Contains(c.SourceId) && ids.Contains(c.TargetId))
                .Distinct()
                .ToList();
            flowchart = new FlowchartModel(activities, connections, ParseVariables(TryGet(element, "variables"), withArray: false));
        }

        return new ActivityModel
        {
            Id = id,
            NodeId = nodeId,
            Type = type,
            Name = String(element, "name"),
            Version = Int(element, "version") ?? 1,
            CanStartWorkflow = CanStartWorkflow(element),
            Inputs = inputs,
            OutputBindings = outputBindings,
            Properties = properties,
            Body = body,
            Flowchart = flowchart,
        };
    }

    // Properties that describe the activity itself rather than an input. Anything else with the shape of a wrapped
    // input is one, whatever its name: an SDK input may well be called "body" or "name".
    private static readonly HashSet<string> StructuralProperties = new(StringComparer.Ordinal)
    {
        "id", "nodeId", "type", "version", "customProperties", "metadata", "activities", "connections", "variables",
        "runAsynchronously", "canStartWorkflow", "CanStartWorkflow",
    };

    private static ExpressionModel ParseExpression(JsonElement wrapped)
    {
        var typeName = String(wrapped, "typeName");
        var expression = TryGet(wrapped, "expression");
        if (expression is not { ValueKind: JsonValueKind.Object } e)
        {
            return new ExpressionModel(ExpressionModel.Literal, null, typeName);
        }

        var type = String(e, "type") ?? ExpressionModel.Literal;
        var value = TryGet(e, "value") is { } v ? LiteralValue(v) : null;
        return new ExpressionModel(type, value, typeName);
    }

    /// <summary>Reads a bare expression object <c>{"type":"JavaScript","value":"…"}</c> (FlowSwitch case conditions).</summary>
    internal static ExpressionModel ReadExpression(JsonElement expression)
    {
        if (expression.ValueKind != JsonValueKind.Object)
        {
            return ExpressionModel.FromLiteral(LiteralValue(expression));
        }

        var value = TryGet(expression, "value") is { } v ? LiteralValue(v) : null;
        return new ExpressionModel(String(expression, "type") ?? ExpressionModel.Literal, value, null);
    }

    /// <summary>Elsa's mapping of JSON kinds: strings stay strings, numbers become decimals, objects and arrays their raw JSON.</summary>
    private static object? LiteralValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? d : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object or JsonValueKind.Array => value.GetRawText(),
        _ => null,
    };

    private static bool CanStartWorkflow(JsonElement activity)
    {
        if (TryGet(activity, "customProperties") is { ValueKind: JsonValueKind.Object } custom && Bool(custom, "canStartWorkflow") is { } fromCustom)
        {
            return fromCustom;
        }

        return Bool(activity, "canStartWorkflow") ?? false;
    }

    private static IEnumerable<ConnectionModel> ParseConnections(JsonElement? connections)
    {
        switch (connections)
        {
            case { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    if (ParseConnection(item) is { } connection)
                    {
                        yield return connection;
                    }
                }

                break;
            case { ValueKind: JsonValueKind.Object } wrapper when TryGet(wrapper, "$values") is { } values:
                foreach (var connection in ParseConnections(values))
                {
                    yield return connection;
                }

                break;
            case { ValueKind: JsonValueKind.Object } single:
                if (ParseConnection(single) is { } one)
                {
                    yield return one;
                }

                break;
        }
    }

    private static ConnectionModel? ParseConnection(JsonElement connection)
    {
        if (connection.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var source = TryGet(connection, "source");
        var target = TryGet(connection, "target");
        string? sourceId, targetId, sourcePort, targetPort;
        if (source is { ValueKind: JsonValueKind.Object } s && target is { ValueKind: JsonValueKind.Object } t)
        {
            (sourceId, sourcePort) = (String(s, "activity"), String(s, "port"));
            (targetId, targetPort) = (String(t, "activity"), String(t, "port"));
        }
        else
        {
            // Legacy flat form: {"source":"id","target":"id","sourcePort":"Done","targetPort":"In"}.
            (sourceId, sourcePort) = (String(connection, "source"), String(connection, "sourcePort"));
            (targetId, targetPort) = (String(connection, "target"), String(connection, "targetPort"));
        }

        if (string.IsNullOrEmpty(sourceId) || string.IsNullOrEmpty(targetId))
        {
            return null;
        }

        return new ConnectionModel(sourceId, string.IsNullOrEmpty(sourcePort) ? "Done" : sourcePort, targetId, string.IsNullOrEmpty(targetPort) ? "In" : targetPort);
    }

    private static List<VariableDefinitionModel> ParseVariables(JsonElement? variables, bool withArray)
    {
        if (variables is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        var result = new List<VariableDefinitionModel>();
        var n = 0;
        foreach (var item in array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object))
        {
            n++;
            var name = String(item, "name") ?? $"Variable{n}";
            var id = String(item, "id") ?? name;
            var value = TryGet(item, "value") is { } v ? LiteralValue(v) : null;
            result.Add(new VariableDefinitionModel(id, name, String(item, "typeName"), withArray && (Bool(item, "isArray") ?? false), value, String(item, "storageDriverTypeName")));
        }

        return result;
    }

    private static List<WorkflowIODefinitionModel> ParseIODefinitions(JsonElement? definitions)
    {
        if (definitions is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        return array.EnumerateArray()
            .Where(d => d.ValueKind == JsonValueKind.Object && String(d, "name") is not null)
            .Select(d => new WorkflowIODefinitionModel(String(d, "name")!, String(d, "type") ?? String(d, "typeName"), Bool(d, "isArray") ?? false, String(d, "displayName")))
            .ToList();
    }

    // Elsa's readers are case-insensitive for several of these properties ("Source", "Activity"); do the same.
    private static JsonElement? TryGet(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static bool Has(JsonElement element, string name) => TryGet(element, name) is not null;

    private static string? String(JsonElement element, string name) => TryGet(element, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static int? Int(JsonElement element, string name) => TryGet(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) => i,
        { ValueKind: JsonValueKind.String } s when int.TryParse(s.GetString(), out var i) => i,
        _ => null,
    };

    private static bool? Bool(JsonElement element, string name) => TryGet(element, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var b) => b,
        _ => null,
    };

    /// <summary>Elsa names activities without an id "&lt;ShortType&gt;&lt;n&gt;".</summary>
    private sealed class IdCounter
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public string Next(string type)
        {
            var shortType = type[(type.LastIndexOf('.') + 1)..];
            var n = _counts.GetValueOrDefault(shortType) + 1;
            _counts[shortType] = n;
            return $"{shortType}{n}";
        }
    }
}
