namespace Crm.Workflows.Runtime;

/// <summary>
/// The outcome of one burst (a start, a resume or a cancel): the new state plus everything that happened, for the
/// caller to persist in one transaction and act on (schedule timers for new bookmarks with a ResumeAtUtc, delete
/// removed bookmarks, resume Event bookmarks matching published events).
/// </summary>
internal sealed class WorkflowRunResult
{
    public required WorkflowState State { get; init; }

    /// <summary>Journal entries of this burst in sequence order (Studio's workflow execution log).</summary>
    public IReadOnlyList<WorkflowJournalEntry> Journal { get; init; } = [];

    /// <summary>
    /// Activity execution records created or changed in this burst, in their latest form. An activity suspended in an
    /// earlier burst and completed in this one appears again with the same id: upsert by <see cref="ActivityExecutionRecord.Id"/>.
    /// </summary>
    public IReadOnlyList<ActivityExecutionRecord> ActivityExecutions { get; init; } = [];

    public IReadOnlyList<BookmarkState> BookmarksCreated { get; init; } = [];

    /// <summary>Bookmarks that existed before this burst (or were created in it) and are gone: resumed, cancelled, or cleared.</summary>
    public IReadOnlyList<BookmarkState> BookmarksRemoved { get; init; } = [];

    public IReadOnlyList<PublishedWorkflowEvent> PublishedEvents { get; init; } = [];

    /// <summary>Incidents raised in this burst (the state holds all of them).</summary>
    public IReadOnlyList<IncidentState> Incidents { get; init; } = [];

    /// <summary>
    /// Work activities asked the runner to do in this burst's transaction (e.g. create a human task), for the
    /// <see cref="IWorkflowBurstObserver"/>s; see <see cref="Execution.WorkflowEffects"/>.
    /// </summary>
    public IReadOnlyList<object> Effects { get; init; } = [];
}

/// <summary>A journal entry (Elsa's WorkflowExecutionLogRecord as Studio's client reads it, contract 2c).</summary>
internal sealed class WorkflowJournalEntry
{
    public required string Id { get; init; }

    public required string WorkflowInstanceId { get; init; }

    public required string ActivityInstanceId { get; init; }

    public string? ParentActivityInstanceId { get; init; }

    public required string ActivityId { get; init; }

    public required string ActivityType { get; init; }

    public int ActivityTypeVersion { get; init; } = 1;

    public string? ActivityName { get; init; }

    public required string NodeId { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public long Sequence { get; init; }

    /// <summary>Started, Resumed, Suspended, Completed, Canceled, Faulted; "Log" for lines an SDK activity logs.</summary>
    public required string EventName { get; init; }

    public string? Message { get; init; }

    public string? Source { get; init; }

    public IReadOnlyDictionary<string, object?>? ActivityState { get; init; }

    public IReadOnlyDictionary<string, object?>? Payload { get; init; }
}

/// <summary>Elsa's ActivityExecutionRecord: one execution of one activity (the node badges and details in Studio).</summary>
internal sealed class ActivityExecutionRecord
{
    /// <summary>The activity instance id (the same id as the journal's activityInstanceId).</summary>
    public required string Id { get; init; }

    public required string WorkflowInstanceId { get; init; }

    public required string ActivityId { get; init; }

    public required string ActivityNodeId { get; init; }

    public required string ActivityType { get; init; }

    public int ActivityTypeVersion { get; init; } = 1;

    public string? ActivityName { get; init; }

    /// <summary>The evaluated inputs, keyed by input name.</summary>
    public IReadOnlyDictionary<string, object?>? ActivityState { get; init; }

    /// <summary>Journal data, e.g. {"Outcomes":["True"]}.</summary>
    public IReadOnlyDictionary<string, object?>? Payload { get; init; }

    public IReadOnlyDictionary<string, object?>? Outputs { get; init; }

    public ExceptionState? Exception { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public bool HasBookmarks { get; init; }

    public ActivityStatus Status { get; init; }

    public int AggregateFaultCount { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? SchedulingActivityExecutionId { get; init; }

    public string? SchedulingActivityId { get; init; }

    public int CallStackDepth { get; init; }
}

/// <summary>
/// An event an Elsa.PublishEvent activity published. The caller resumes Event bookmarks whose hash equals
/// <see cref="BookmarkHash"/> (only in <see cref="TargetWorkflowInstanceId"/> when it is set, i.e. a local event,
/// optionally also only in instances with <see cref="CorrelationId"/>) and starts workflows triggered by the event,
/// passing <see cref="Payload"/> as resume input under <see cref="WorkflowEngine.EventPayloadInputKey"/>.
/// </summary>
internal sealed record PublishedWorkflowEvent(
    string EventName,
    string? CorrelationId,
    string? TargetWorkflowInstanceId,
    object? Payload,
    string SourceWorkflowInstanceId,
    string SourceActivityId)
{
    public string BookmarkHash { get; } = Runtime.BookmarkHash.ForEvent(EventName);
}
