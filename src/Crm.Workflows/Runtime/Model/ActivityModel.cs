using System.Text.Json;

namespace Crm.Workflows.Runtime.Model;

/// <summary>
/// One activity of a definition, read from its Elsa JSON object. Immutable once parsed and shared by every instance
/// (and thread) running the definition, so it holds no JsonNode (lazily materialised, not thread-safe) but cloned
/// <see cref="JsonElement"/>s and plain values.
/// </summary>
internal sealed class ActivityModel
{
    public required string Id { get; init; }

    /// <summary>"Workflow1:root1:a1": ancestor ids and the own id joined by ':' (the JSON's nodeId when present).</summary>
    public required string NodeId { get; init; }

    /// <summary>"Elsa.WriteLine", "Crm.RequestApproval".</summary>
    public required string Type { get; init; }

    public string? Name { get; init; }

    public int Version { get; init; } = 1;

    /// <summary>customProperties.canStartWorkflow (or the top-level legacy flag): Studio's "Trigger workflow" checkbox.</summary>
    public bool CanStartWorkflow { get; init; }

    /// <summary>Wrapped inputs by their JSON property name: <c>{"typeName":…, "expression":{"type","value"}}</c>, or bare scalars.</summary>
    public IReadOnlyDictionary<string, ExpressionModel> Inputs { get; init; } = EmptyInputs;

    /// <summary>Outputs bound to variables: output JSON name to variable id (<c>{"memoryReference":{"id":…}}</c>).</summary>
    public IReadOnlyDictionary<string, string> OutputBindings { get; init; } = EmptyBindings;

    /// <summary>Every property of the activity object as JSON, for unwrapped inputs (SetVariable.variable, FlowSwitch.cases).</summary>
    public IReadOnlyDictionary<string, JsonElement> Properties { get; init; } = EmptyProperties;

    /// <summary>The embedded "body" activity of containers such as ForEach and While (normally a nested Elsa.Flowchart).</summary>
    public ActivityModel? Body { get; init; }

    /// <summary>Set when this activity is an Elsa.Flowchart.</summary>
    public FlowchartModel? Flowchart { get; init; }

    public ExpressionModel? GetInput(string name) => Inputs.GetValueOrDefault(name);

    public JsonElement? GetProperty(string name) => Properties.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Type} {Id}";

    private static readonly IReadOnlyDictionary<string, ExpressionModel> EmptyInputs = new Dictionary<string, ExpressionModel>();
    private static readonly IReadOnlyDictionary<string, string> EmptyBindings = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyProperties = new Dictionary<string, JsonElement>();
}

/// <summary>
/// An input's expression. <see cref="Value"/> is what Elsa's reader would hold: a string, decimal/int/bool for JSON
/// numbers and booleans, null, or the raw JSON text when the value is an object or array.
/// </summary>
internal sealed record ExpressionModel(string Type, object? Value, string? TypeName)
{
    public const string Literal = "Literal";
    public const string JavaScript = "JavaScript";
    public const string Object = "Object";
    public const string Json = "Json";
    public const string Variable = "Variable";
    public const string Input = "Input";

    public static ExpressionModel FromLiteral(object? value) => new(Literal, value, null);
}

/// <summary>A connection between two activities of a flowchart. A missing source port is "Done", a missing target port "In".</summary>
internal sealed record ConnectionModel(string SourceId, string SourcePort, string TargetId, string TargetPort)
{
    /// <summary>The key of the counters in the flow scope, in Elsa's Connection.ToString() form.</summary>
    public string Key { get; } = $"{SourceId}:{SourcePort}->{TargetId}:{TargetPort}";
}

/// <summary>A variable declared on the workflow (with isArray) or on a flowchart (without).</summary>
internal sealed record VariableDefinitionModel(string Id, string Name, string? TypeName, bool IsArray, object? Value, string? StorageDriverTypeName)
{
    public Type ClrType { get; } = Values.ElsaTypeNames.Resolve(TypeName, IsArray);
}

/// <summary>A workflow input or output definition (<c>{"type":"String","name":"LeadId",…}</c>).</summary>
internal sealed record WorkflowIODefinitionModel(string Name, string? TypeName, bool IsArray, string? DisplayName)
{
    public Type ClrType { get; } = Values.ElsaTypeNames.Resolve(TypeName, IsArray);
}
