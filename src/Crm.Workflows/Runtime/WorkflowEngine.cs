using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime.Core;
using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Expressions;
using Crm.Workflows.Runtime.Model;
using Crm.Workflows.Runtime.Values;

namespace Crm.Workflows.Runtime;

/// <summary>Limits and settings of the engine.</summary>
internal sealed record WorkflowEngineOptions
{
    public JavaScriptOptions JavaScript { get; init; } = new();

    /// <summary>
    /// Activity executions allowed in one burst before the workflow faults. A loop that never waits (a While whose
    /// condition stays true, a back edge without a Delay) would otherwise hold a thread for ever.
    /// </summary>
    public int MaxActivityExecutionsPerBurst { get; init; } = 100_000;
}

/// <summary>
/// Runs Elsa 3 flowchart workflows in memory, one burst at a time: <see cref="StartAsync"/> runs a new instance until it
/// finishes, faults or waits on bookmarks; <see cref="ResumeAsync"/> continues a saved state at one bookmark;
/// <see cref="Cancel"/> cancels. The engine persists nothing and never schedules timers: the caller saves
/// <see cref="WorkflowRunResult.State"/>, the journal and the execution records in one transaction per burst,
/// schedules bookmarks with a ResumeAtUtc, and delivers published events. Thread-safe; instances share nothing but
/// the parsed definitions and the script cache.
/// </summary>
internal sealed class WorkflowEngine
{
    /// <summary>The input key under which an event's payload travels to the Event activity it resumes (Elsa's name).</summary>
    public const string EventPayloadInputKey = "__EventPayloadWorkflowInput";

    private readonly ActivityRegistry _registry;

    public WorkflowEngine(ActivityRegistry registry, WorkflowEngineOptions? options = null, TimeProvider? timeProvider = null)
    {
        _registry = registry;
        Options = options ?? new WorkflowEngineOptions();
        Time = timeProvider ?? TimeProvider.System;
        JavaScript = new JavaScriptEvaluator(Options.JavaScript);
    }

    internal WorkflowEngineOptions Options { get; }

    internal TimeProvider Time { get; }

    /// <summary>
    /// The clock, truncated to whole microseconds: PostgreSQL stores no finer, so a time a burst returns equals the one
    /// read back on every provider (ADR 0083). Every time the engine stamps comes from here.
    /// </summary>
    internal DateTimeOffset UtcNow()
    {
        var clock = Time.GetUtcNow();
        return clock.AddTicks(-(clock.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    internal JavaScriptEvaluator JavaScript { get; }

    /// <summary>The registry's descriptor, falling back to the core descriptors so a registry of SDK activities alone still runs core activities.</summary>
    internal ActivityDescriptor? FindDescriptor(string typeName) => _registry.Find(typeName) ?? CoreActivityDescriptors.Find(typeName);

    /// <summary>
    /// Starts an instance and runs it as far as it goes. <paramref name="triggerActivityId"/> names the trigger that
    /// started it (an Event, a Timer, an SDK trigger): it becomes the flowchart's start and completes at once.
    /// </summary>
    public async Task<WorkflowRunResult> StartAsync(
        WorkflowDefinitionModel definition,
        IReadOnlyDictionary<string, object?> input,
        string? correlationId,
        string instanceId,
        IServiceProvider services,
        CancellationToken cancellationToken,
        string? triggerActivityId = null)
    {
        var now = UtcNow();
        var state = new WorkflowState
        {
            Id = instanceId,
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            DefinitionVersion = definition.Version,
            CorrelationId = correlationId,
            Name = definition.Name,
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Executing,
            TriggerActivityId = triggerActivityId,
            Input = ConvertInput(definition, input),
            Variables = definition.Variables
                .Select(v => new VariableState { Id = v.Id, Name = v.Name, TypeName = v.TypeName, IsArray = v.IsArray, Value = ValueConverter.ConvertTo(v.Value, v.ClrType) })
                .ToList(),
            CreatedAt = now,
            UpdatedAt = now,
        };

        var execution = new WorkflowExecution(this, definition, state, services, cancellationToken);
        execution.Schedule(definition.Root, owner: null);
        await execution.RunAsync();
        return execution.BuildResult();
    }

    /// <summary>
    /// Resumes a suspended instance at <paramref name="bookmarkId"/>. <paramref name="resumeInput"/> is merged into the
    /// workflow input (as Elsa does; getInput() sees it) and handed to the resumed activity. The given state is not
    /// modified: the result carries a new one.
    /// </summary>
    public async Task<WorkflowRunResult> ResumeAsync(
        WorkflowDefinitionModel definition,
        WorkflowState state,
        string bookmarkId,
        IReadOnlyDictionary<string, object?> resumeInput,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (state.Status != WorkflowStatus.Running)
        {
            throw new WorkflowStateException($"Workflow instance {state.Id} is {state.SubStatus}; only a running instance can be resumed.");
        }

        var copy = WorkflowStateCopy.Normalized(state);
        var bookmark = copy.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId)
                       ?? throw new WorkflowStateException($"Workflow instance {state.Id} has no bookmark {bookmarkId}.");
        var input = resumeInput.ToDictionary(p => p.Key, p => PlainValue.From(p.Value), StringComparer.Ordinal);
        foreach (var (key, value) in input)
        {
            copy.Input[key] = value;
        }

        copy.SubStatus = WorkflowSubStatus.Executing;
        var execution = new WorkflowExecution(this, definition, copy, services, cancellationToken);
        execution.Restore(copy.ActivityExecutionContexts);
        await execution.ResumeAsync(bookmark, input);
        return execution.BuildResult();
    }

    /// <summary>
    /// Cancels an instance: every unfinished activity is cancelled, every bookmark removed, and the workflow is
    /// Finished/Cancelled. A finished instance is returned unchanged. Needs no definition and runs no activity code.
    /// </summary>
    public WorkflowRunResult Cancel(WorkflowState state)
    {
        var copy = WorkflowStateCopy.Normalized(state);
        if (copy.Status == WorkflowStatus.Finished)
        {
            return new WorkflowRunResult { State = copy };
        }

        var now = UtcNow();
        var journal = new List<WorkflowJournalEntry>();
        var records = new List<ActivityExecutionRecord>();
        foreach (var context in copy.ActivityExecutionContexts.Where(c => c.Status is ActivityStatus.Running or ActivityStatus.Faulted))
        {
            copy.ExecutionLogSequence++;
            journal.Add(new WorkflowJournalEntry
            {
                Id = WorkflowExecution.NewId(),
                WorkflowInstanceId = copy.Id,
                ActivityInstanceId = context.Id,
                ParentActivityInstanceId = context.ParentId,
                ActivityId = context.ActivityId,
                ActivityType = context.ActivityType,
                ActivityTypeVersion = context.ActivityTypeVersion,
                ActivityName = context.ActivityName,
                NodeId = context.ActivityNodeId,
                Timestamp = now,
                Sequence = copy.ExecutionLogSequence,
                EventName = "Canceled",
            });
            records.Add(new ActivityExecutionRecord
            {
                Id = context.Id,
                WorkflowInstanceId = copy.Id,
                ActivityId = context.ActivityId,
                ActivityNodeId = context.ActivityNodeId,
                ActivityType = context.ActivityType,
                ActivityTypeVersion = context.ActivityTypeVersion,
                ActivityName = context.ActivityName,
                ActivityState = context.ActivityState.Count > 0 ? context.ActivityState : null,
                Exception = context.Exception,
                StartedAt = context.StartedAt,
                Status = ActivityStatus.Canceled,
                AggregateFaultCount = context.AggregateFaultCount,
                CompletedAt = now,
                SchedulingActivityExecutionId = context.SchedulingActivityExecutionId,
                SchedulingActivityId = context.SchedulingActivityId,
            });
        }

        var removed = copy.Bookmarks.ToList();
        copy.Bookmarks.Clear();
        copy.ActivityExecutionContexts.Clear();
        copy.Status = WorkflowStatus.Finished;
        copy.SubStatus = WorkflowSubStatus.Cancelled;
        copy.FinishedAt = now;
        copy.UpdatedAt = now;
        return new WorkflowRunResult { State = copy, Journal = journal, ActivityExecutions = records, BookmarksRemoved = removed };
    }

    /// <summary>Input values are converted to the types of the definition's input definitions, when declared.</summary>
    private static Dictionary<string, object?> ConvertInput(WorkflowDefinitionModel definition, IReadOnlyDictionary<string, object?> input)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in input)
        {
            var declared = definition.Inputs.FirstOrDefault(i => string.Equals(i.Name, key, StringComparison.OrdinalIgnoreCase));
            result[key] = declared is null ? PlainValue.From(value) : ValueConverter.ConvertTo(value, declared.ClrType);
        }

        return result;
    }
}

/// <summary>
/// Copies a state before a burst changes it, normalising every value that may have come back from JSON as a
/// JsonElement into plain values (typed variables back to their declared types). The caller's object stays intact,
/// so a burst that throws (cancellation, a definition mismatch) leaves nothing half-applied.
/// </summary>
internal static class WorkflowStateCopy
{
    public static WorkflowState Normalized(WorkflowState state) => new()
    {
        Id = state.Id,
        DefinitionId = state.DefinitionId,
        DefinitionVersionId = state.DefinitionVersionId,
        DefinitionVersion = state.DefinitionVersion,
        CorrelationId = state.CorrelationId,
        Name = state.Name,
        Status = state.Status,
        SubStatus = state.SubStatus,
        TriggerActivityId = state.TriggerActivityId,
        Variables = Variables(state.Variables) ?? [],
        Input = Map(state.Input),
        Output = Map(state.Output),
        Bookmarks = state.Bookmarks.Select(b => new BookmarkState
        {
            Id = b.Id,
            Name = b.Name,
            Hash = b.Hash,
            Payload = Map(b.Payload),
            ActivityId = b.ActivityId,
            ActivityNodeId = b.ActivityNodeId,
            ActivityInstanceId = b.ActivityInstanceId,
            ActivityType = b.ActivityType,
            CreatedAt = b.CreatedAt,
            ResumeAtUtc = b.ResumeAtUtc,
            AutoBurn = b.AutoBurn,
        }).ToList(),
        Incidents = [.. state.Incidents],
        Fault = state.Fault,
        ActivityExecutionContexts = state.ActivityExecutionContexts.Select(c => new ActivityContextState
        {
            Id = c.Id,
            ParentId = c.ParentId,
            ActivityId = c.ActivityId,
            ActivityNodeId = c.ActivityNodeId,
            ActivityType = c.ActivityType,
            ActivityTypeVersion = c.ActivityTypeVersion,
            ActivityName = c.ActivityName,
            Status = c.Status,
            StartedAt = c.StartedAt,
            HasBookmarks = c.HasBookmarks,
            AggregateFaultCount = c.AggregateFaultCount,
            ActivityState = Map(c.ActivityState),
            Variables = Variables(c.Variables),
            FlowScope = c.FlowScope is { } scope
                ? new FlowScopeState
                {
                    ActivitiesVisitCount = new Dictionary<string, long>(scope.ActivitiesVisitCount, StringComparer.Ordinal),
                    ConnectionVisitCount = new Dictionary<string, long>(scope.ConnectionVisitCount, StringComparer.Ordinal),
                    ConnectionLastVisitFollowed = new Dictionary<string, bool>(scope.ConnectionLastVisitFollowed, StringComparer.Ordinal),
                }
                : null,
            Loop = c.Loop is { } loop
                ? new LoopState { Index = loop.Index, IsBreaking = loop.IsBreaking, Items = loop.Items?.Select(PlainValue.From).ToList() }
                : null,
            BackwardConnection = c.BackwardConnection,
            SchedulingActivityExecutionId = c.SchedulingActivityExecutionId,
            SchedulingActivityId = c.SchedulingActivityId,
            Exception = c.Exception,
        }).ToList(),
        ActivityOutputs = state.ActivityOutputs.ToDictionary(p => p.Key, p => Map(p.Value), StringComparer.Ordinal),
        ExecutionLogSequence = state.ExecutionLogSequence,
        CreatedAt = state.CreatedAt,
        UpdatedAt = state.UpdatedAt,
        FinishedAt = state.FinishedAt,
    };

    private static Dictionary<string, object?> Map(Dictionary<string, object?>? values) =>
        values?.ToDictionary(p => p.Key, p => PlainValue.From(p.Value), StringComparer.Ordinal) ?? new Dictionary<string, object?>(StringComparer.Ordinal);

    private static List<VariableState>? Variables(List<VariableState>? variables) =>
        variables?.Select(v => new VariableState
        {
            Id = v.Id,
            Name = v.Name,
            TypeName = v.TypeName,
            IsArray = v.IsArray,
            Value = ValueConverter.ConvertTo(v.Value, ElsaTypeNames.Resolve(v.TypeName, v.IsArray)),
        }).ToList();
}
