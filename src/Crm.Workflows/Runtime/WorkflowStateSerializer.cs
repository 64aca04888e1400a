using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Workflows.Runtime;

/// <summary>The JSON form of <see cref="WorkflowState"/> (camelCase, enums as strings, like Elsa's).</summary>
internal static class WorkflowStateSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(WorkflowState state) => JsonSerializer.Serialize(state, Options);

    public static WorkflowState Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowState>(json, Options) ?? throw new JsonException("The workflow state JSON is empty.");
}
