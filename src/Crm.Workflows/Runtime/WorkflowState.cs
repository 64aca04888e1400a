using System.Text.Json.Serialization;

namespace Crm.Workflows.Runtime;

/// <summary>
/// Everything needed to continue a workflow instance, as plain data: serialise it with
/// <see cref="WorkflowStateSerializer"/> (or any System.Text.Json options), store it, and hand it back to
/// <see cref="WorkflowEngine.ResumeAsync"/>. Field names follow Elsa's WorkflowState where Studio reads them.
/// Values typed <see cref="object"/> come back from JSON as JsonElement; the engine normalises them on resume.
/// </summary>
internal sealed class WorkflowState
{
    public string Id { get; set; } = string.Empty;

    public string DefinitionId { get; set; } = string.Empty;

    public string DefinitionVersionId { get; set; } = string.Empty;

    public int DefinitionVersion { get; set; }

    public string? CorrelationId { get; set; }

    public string? Name { get; set; }

    public WorkflowStatus Status { get; set; }

    public WorkflowSubStatus SubStatus { get; set; }

    /// <summary>The activity that started this run (a trigger); it decides the flowchart's start and so its graph.</summary>
    public string? TriggerActivityId { get; set; }

    /// <summary>Workflow-level variables, all persisted (Elsa would drop those without a storage driver).</summary>
    public List<VariableState> Variables { get; set; } = [];

    public Dictionary<string, object?> Input { get; set; } = [];

    public Dictionary<string, object?> Output { get; set; } = [];

    public List<BookmarkState> Bookmarks { get; set; } = [];

    public List<IncidentState> Incidents { get; set; } = [];

    public WorkflowFaultState? Fault { get; set; }

    /// <summary>The activities that have not completed (running containers, suspended or faulted activities) with their bookkeeping.</summary>
    public List<ActivityContextState> ActivityExecutionContexts { get; set; } = [];

    /// <summary>The last outputs of each activity id, for getOutputFrom() in later bursts.</summary>
    public Dictionary<string, Dictionary<string, object?>> ActivityOutputs { get; set; } = [];

    /// <summary>The last journal sequence number used; the next entry gets this + 1.</summary>
    public long ExecutionLogSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
internal enum WorkflowStatus
{
    Running,
    Finished,
}

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowSubStatus>))]
internal enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
    Interrupted,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActivityStatus>))]
internal enum ActivityStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}

/// <summary>A variable value. <see cref="TypeName"/> is the declared Elsa type ("Int32"), null for undeclared ones.</summary>
internal sealed class VariableState
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? TypeName { get; set; }

    public bool IsArray { get; set; }

    public object? Value { get; set; }
}

/// <summary>
/// A wait point (Elsa's Bookmark). <see cref="Hash"/> identifies the stimulus that resumes it
/// (<see cref="BookmarkHash"/>: e.g. the event name for Elsa.Event); <see cref="ResumeAtUtc"/> makes it a timer.
/// </summary>
internal sealed class BookmarkState
{
    public string Id { get; set; } = string.Empty;

    /// <summary>"Elsa.Delay", "Elsa.Timer", "Elsa.Event", or an SDK activity's bookmark name.</summary>
    public string Name { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    public Dictionary<string, object?> Payload { get; set; } = [];

    public string ActivityId { get; set; } = string.Empty;

    public string ActivityNodeId { get; set; } = string.Empty;

    public string ActivityInstanceId { get; set; } = string.Empty;

    public string ActivityType { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTime? ResumeAtUtc { get; set; }

    public bool AutoBurn { get; set; } = true;
}

/// <summary>Elsa's ActivityIncident.</summary>
internal sealed class IncidentState
{
    public string ActivityId { get; set; } = string.Empty;

    public string ActivityNodeId { get; set; } = string.Empty;

    public string ActivityType { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public ExceptionState? Exception { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>Elsa's ExceptionState; <see cref="Type"/> is a type name string as Studio expects.</summary>
internal sealed class ExceptionState
{
    public string Type { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public string? StackTrace { get; set; }

    public ExceptionState? InnerException { get; set; }

    /// <remarks>
    /// The stack trace is not kept: the state is what Studio shows a process owner as the incident, and a .NET stack
    /// trace there is noise to them and names the server's source paths to anyone who can read instances. The type
    /// and message say what went wrong; the runner logs faults for whoever runs the server.
    /// </remarks>
    public static ExceptionState From(Exception exception) => new()
    {
        Type = exception.GetType().FullName ?? exception.GetType().Name,
        Message = exception.Message,
        StackTrace = null,
        InnerException = exception.InnerException is { } inner ? From(inner) : null,
    };
}

/// <summary>The fault of a Faulted workflow (Studio's workflowState.fault).</summary>
internal sealed class WorkflowFaultState
{
    public ExceptionState? Exception { get; set; }

    public string Message { get; set; } = string.Empty;

    public string? FaultedActivityId { get; set; }
}

/// <summary>
/// A not-yet-completed activity execution (Elsa's activity execution context): its identity, what the scheduler and
/// the flowchart need to continue, and what its execution record needs when it completes in a later burst.
/// </summary>
internal sealed class ActivityContextState
{
    public string Id { get; set; } = string.Empty;

    public string? ParentId { get; set; }

    public string ActivityId { get; set; } = string.Empty;

    public string ActivityNodeId { get; set; } = string.Empty;

    public string ActivityType { get; set; } = string.Empty;

    public int ActivityTypeVersion { get; set; } = 1;

    public string? ActivityName { get; set; }

    public ActivityStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public bool HasBookmarks { get; set; }

    public int AggregateFaultCount { get; set; }

    /// <summary>The evaluated inputs (the execution record's activityState); SDK activities are resumed with them.</summary>
    public Dictionary<string, object?> ActivityState { get; set; } = [];

    /// <summary>Variables declared in this scope (a flowchart's own variables, ForEach's CurrentValue/CurrentIndex).</summary>
    public List<VariableState>? Variables { get; set; }

    /// <summary>Counter-mode bookkeeping of a flowchart (Elsa's "FlowScope").</summary>
    public FlowScopeState? FlowScope { get; set; }

    /// <summary>Position of a ForEach/While/For loop.</summary>
    public LoopState? Loop { get; set; }

    /// <summary>Scheduled through a back edge: its completion does not count as a visit (spec 1.6).</summary>
    public bool BackwardConnection { get; set; }

    public string? SchedulingActivityExecutionId { get; set; }

    public string? SchedulingActivityId { get; set; }

    public ExceptionState? Exception { get; set; }
}

/// <summary>Visit counters keyed by activity id and by connection ("src:port->tgt:port").</summary>
internal sealed class FlowScopeState
{
    public Dictionary<string, long> ActivitiesVisitCount { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> ConnectionVisitCount { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> ConnectionLastVisitFollowed { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class LoopState
{
    /// <summary>The next iteration's index (ForEach) or the current value (For).</summary>
    public long Index { get; set; }

    /// <summary>ForEach: the items evaluated when the loop started.</summary>
    public List<object?>? Items { get; set; }

    /// <summary>Set by Elsa.Break inside the body: the loop completes instead of iterating again.</summary>
    public bool IsBreaking { get; set; }
}
