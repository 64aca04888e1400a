using System.Text.Json.Nodes;
using Crm.Workflows.Persistence;

namespace Crm.Workflows.Api;

/// <summary>The JSON shapes of instances, journal entries and execution records as Studio reads them (contract 2c).</summary>
internal static class InstanceModels
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    public static JsonObject Summary(WorkflowInstanceRecord instance) => new()
    {
        ["id"] = instance.Id,
        ["definitionId"] = instance.DefinitionId,
        ["definitionVersionId"] = instance.DefinitionVersionId,
        ["version"] = instance.Version,
        ["status"] = instance.Status,
        ["subStatus"] = instance.SubStatus,
        ["correlationId"] = instance.CorrelationId,
        ["name"] = instance.Name,
        ["incidentCount"] = instance.IncidentCount,
        ["createdAt"] = Utc(instance.CreatedAtUtc),
        ["updatedAt"] = Utc(instance.UpdatedAtUtc),
        ["finishedAt"] = Utc(instance.FinishedAtUtc),
    };

    /// <summary>
    /// The summary plus <c>workflowState</c>: our stored state, with the members Studio expects but we do not keep
    /// (completion callbacks, properties) added empty, and null members written out.
    /// </summary>
    public static JsonObject Instance(WorkflowInstanceRecord instance)
    {
        var result = Summary(instance);
        var state = JsonNode.Parse(instance.State) as JsonObject ?? [];
        foreach (var name in new[] { "correlationId", "fault", "finishedAt" })
        {
            state.TryAdd(name, null);
        }

        state.TryAdd("completionCallbacks", new JsonArray());
        state.TryAdd("properties", new JsonObject());
        result["workflowState"] = state;
        return result;
    }

    public static JsonObject Journal(WorkflowJournalRecord entry) => new()
    {
        ["id"] = entry.Id,
        ["workflowInstanceId"] = entry.InstanceId,
        ["activityInstanceId"] = entry.ActivityInstanceId,
        ["parentActivityInstanceId"] = entry.ParentActivityInstanceId,
        ["activityId"] = entry.ActivityId,
        ["activityType"] = entry.ActivityType,
        ["activityTypeVersion"] = entry.ActivityTypeVersion,
        ["activityName"] = entry.ActivityName,
        ["nodeId"] = entry.NodeId,
        ["timestamp"] = Utc(entry.TimestampUtc),
        ["sequence"] = entry.Sequence,
        ["eventName"] = entry.EventName,
        ["message"] = entry.Message,
        ["source"] = entry.Source,
        ["activityState"] = Parse(entry.ActivityState),
        ["payload"] = Parse(entry.Payload),
    };

    public static JsonObject ExecutionSummary(ActivityExecutionRecordEntity record) => new()
    {
        ["id"] = record.Id,
        ["workflowInstanceId"] = record.InstanceId,
        ["activityId"] = record.ActivityId,
        ["activityNodeId"] = record.ActivityNodeId,
        ["activityType"] = record.ActivityType,
        ["activityTypeVersion"] = record.ActivityTypeVersion,
        ["activityName"] = record.ActivityName,
        ["startedAt"] = Utc(record.StartedAtUtc),
        ["hasBookmarks"] = record.HasBookmarks,
        ["metadata"] = new JsonObject(),
        ["status"] = record.Status,
        ["completedAt"] = Utc(record.CompletedAtUtc),
    };

    public static JsonObject Execution(ActivityExecutionRecordEntity record)
    {
        var result = ExecutionSummary(record);
        result["activityState"] = Parse(record.ActivityState);
        result["payload"] = Parse(record.Payload);
        result["outputs"] = Parse(record.Outputs);
        result["properties"] = new JsonObject();
        result["exception"] = Parse(record.Exception);
        result["aggregateFaultCount"] = record.AggregateFaultCount;
        result["schedulingActivityExecutionId"] = record.SchedulingActivityExecutionId;
        result["schedulingActivityId"] = record.SchedulingActivityId;
        result["schedulingWorkflowInstanceId"] = null;
        result["callStackDepth"] = record.CallStackDepth;
        return result;
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
