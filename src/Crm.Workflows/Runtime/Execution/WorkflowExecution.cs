using Crm.Workflows.Runtime.Core;
using Crm.Workflows.Runtime.Expressions;
using Crm.Workflows.Runtime.Model;
using Crm.Workflows.Runtime.Values;

namespace Crm.Workflows.Runtime.Execution;

/// <summary>
/// One burst of one workflow instance: a FIFO queue of scheduled activities drained one at a time on the calling
/// thread, plus everything the burst records (journal, execution records, bookmark changes, published events).
/// Activities never run in parallel inside an instance, which keeps a run deterministic for a given definition,
/// input and clock. Created per burst and thrown away; only <see cref="WorkflowState"/> survives.
/// </summary>
internal sealed class WorkflowExecution
{
    private readonly Queue<WorkItem> _queue = new();
    private readonly Dictionary<string, ActivityExecution> _active = new(StringComparer.Ordinal);
    private readonly List<ActivityExecution> _touched = [];
    private readonly HashSet<ActivityExecution> _touchedSet = [];
    private readonly List<WorkflowJournalEntry> _journal = [];
    private readonly List<BookmarkState> _bookmarksCreated = [];
    private readonly List<BookmarkState> _bookmarksRemoved = [];
    private readonly List<PublishedWorkflowEvent> _events = [];
    private readonly List<IncidentState> _incidents = [];
    private readonly List<object> _effects = [];
    private readonly bool _continueOnIncident;
    private int _executions;

    public WorkflowExecution(WorkflowEngine engine, WorkflowDefinitionModel definition, WorkflowState state, IServiceProvider services, CancellationToken cancellationToken)
    {
        Engine = engine;
        Definition = definition;
        State = state;
        Services = services;
        CancellationToken = cancellationToken;
        _continueOnIncident = definition.IncidentStrategyType?.Contains("ContinueWithIncidents", StringComparison.OrdinalIgnoreCase) == true;
    }

    public WorkflowEngine Engine { get; }

    public WorkflowDefinitionModel Definition { get; }

    public WorkflowState State { get; }

    public IServiceProvider Services { get; }

    public CancellationToken CancellationToken { get; }

    public DateTimeOffset Now => Engine.UtcNow();

    /// <summary>The root activity's execution (the root flowchart).</summary>
    public ActivityExecution? Root { get; private set; }

    /// <summary>The last output an activity produced in this burst (JavaScript's getLastResult()).</summary>
    public object? LastResult { get; private set; }

    private bool IsRunning => State.Status == WorkflowStatus.Running;

    // ---- Scheduling ---------------------------------------------------------------------------------------------

    public void Schedule(ActivityModel activity, ActivityExecution? owner, bool backwardConnection = false, ActivityExecution? schedulingContext = null, List<VariableState>? variables = null) =>
        _queue.Enqueue(new WorkItem(activity, owner, backwardConnection, schedulingContext, variables));

    /// <summary>Whether <paramref name="activity"/> already waits in the queue for <paramref name="owner"/>.</summary>
    public bool IsScheduled(ActivityModel activity, ActivityExecution owner) =>
        _queue.Any(item => ReferenceEquals(item.Owner, owner) && ReferenceEquals(item.Activity, activity));

    /// <summary>Whether the queue holds work for <paramref name="container"/> or anything inside it.</summary>
    public bool HasScheduledWorkWithin(ActivityExecution container) =>
        _queue.Any(item => item.Owner is { } owner && owner.Status == ActivityStatus.Running &&
                           (ReferenceEquals(owner, container) || owner.IsDescendantOf(container)));

    public async Task RunAsync()
    {
        while (IsRunning && _queue.TryDequeue(out var item))
        {
            CancellationToken.ThrowIfCancellationRequested();

            // Work whose owner completed or was cancelled meanwhile is withdrawn, as Elsa withdraws a cancelled
            // context's work (and, in our runtime, a completed one's: a sibling queued before End does not run).
            if (item.Owner is { Status: not ActivityStatus.Running })
            {
                continue;
            }

            await ExecuteWorkItemAsync(item);
        }
    }

    private async Task ExecuteWorkItemAsync(WorkItem item)
    {
        var descriptor = Engine.FindDescriptor(item.Activity.Type);
        var behavior = ActivityBehaviors.Resolve(item.Activity.Type, descriptor);
        var context = new ActivityExecution(NewId(), item.Activity, item.Owner, behavior, descriptor)
        {
            StartedAt = Now,
            BackwardConnection = item.BackwardConnection,
            SchedulingActivityExecutionId = item.SchedulingContext?.Id,
            SchedulingActivityId = item.SchedulingContext?.Activity.Id,
            Variables = item.Variables,
        };

        if (item.Owner is null)
        {
            Root = context;
        }

        _active[context.Id] = context;
        item.Owner?.Children.Add(context);
        Touch(context);
        AddJournal(context, "Started");

        if (++_executions > Engine.Options.MaxActivityExecutionsPerBurst)
        {
            Fault(context, new InvalidOperationException(
                $"More than {Engine.Options.MaxActivityExecutionsPerBurst} activity executions in one burst; the workflow probably loops without waiting."));
            return;
        }

        await InvokeAsync(context, () => behavior.ExecuteAsync(context, this));
    }

    /// <summary>Runs an activity's code; any exception faults the activity (an incident), never the host.</summary>
    private async Task InvokeAsync(ActivityExecution context, Func<ValueTask> action)
    {
        try
        {
            await action();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Fault(context, e);
            return;
        }

        if (context.Status == ActivityStatus.Running && HasBookmarks(context))
        {
            AddJournal(context, "Suspended", activityState: true);
        }
    }

    // ---- Resuming -----------------------------------------------------------------------------------------------

    /// <summary>Rebuilds the running activity tree of a suspended instance.</summary>
    public void Restore(IEnumerable<ActivityContextState> contexts)
    {
        var states = contexts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var state in states.Values)
        {
            RestoreOne(state, states);
        }
    }

    private ActivityExecution RestoreOne(ActivityContextState state, Dictionary<string, ActivityContextState> states)
    {
        if (_active.TryGetValue(state.Id, out var existing))
        {
            return existing;
        }

        var parent = state.ParentId is not null && states.TryGetValue(state.ParentId, out var parentState) ? RestoreOne(parentState, states) : null;
        var activity = Definition.FindByNodeId(state.ActivityNodeId) ?? Definition.FindById(state.ActivityId)
            ?? throw new WorkflowStateException($"Activity '{state.ActivityNodeId}' of instance {State.Id} is not in definition version {Definition.Id}.");
        var descriptor = Engine.FindDescriptor(activity.Type);
        var context = new ActivityExecution(state.Id, activity, parent, ActivityBehaviors.Resolve(activity.Type, descriptor), descriptor)
        {
            Status = state.Status,
            StartedAt = state.StartedAt,
            ActivityState = state.ActivityState,
            Variables = state.Variables,
            FlowScope = state.FlowScope,
            Loop = state.Loop,
            BackwardConnection = state.BackwardConnection,
            SchedulingActivityExecutionId = state.SchedulingActivityExecutionId,
            SchedulingActivityId = state.SchedulingActivityId,
            AggregateFaultCount = state.AggregateFaultCount,
            Exception = state.Exception,
        };
        _active[context.Id] = context;
        parent?.Children.Add(context);
        if (parent is null)
        {
            Root = context;
        }

        return context;
    }

    public async Task ResumeAsync(BookmarkState bookmark, IReadOnlyDictionary<string, object?> input)
    {
        if (!_active.TryGetValue(bookmark.ActivityInstanceId, out var context))
        {
            throw new WorkflowStateException($"Bookmark {bookmark.Id} points to activity instance {bookmark.ActivityInstanceId}, which is not running.");
        }

        if (bookmark.AutoBurn)
        {
            RemoveBookmark(bookmark);
        }

        Touch(context);
        AddJournal(context, "Resumed");
        await InvokeAsync(context, () => context.Behavior.ResumeAsync(context, this, bookmark, input));
        await RunAsync();
    }

    // ---- Completion, cancellation, faults ------------------------------------------------------------------------

    /// <summary>
    /// Completes an activity: cancels its unfinished children, records it, binds its outputs and tells its container,
    /// which decides what runs next. <paramref name="notifyParent"/> is false only for Elsa.Finish, which ends the
    /// workflow without letting its container continue.
    /// </summary>
    public async ValueTask CompleteAsync(ActivityExecution context, Outcomes? outcomes = null, string? message = null, bool notifyParent = true)
    {
        if (context.Status != ActivityStatus.Running)
        {
            return;
        }

        var effective = outcomes ?? Outcomes.Default;
        context.IsCompleting = true;
        foreach (var child in context.Children.ToList())
        {
            await CancelAsync(child);
        }

        context.Status = ActivityStatus.Completed;
        context.CompletedAt = Now;
        (context.Payload ??= new Dictionary<string, object?>(StringComparer.Ordinal))["Outcomes"] = effective.Names.ToList();
        RemoveBookmarks(context);
        _active.Remove(context.Id);
        context.Parent?.Children.Remove(context);
        Touch(context);
        AddJournal(context, "Completed", message, activityState: true);

        if (notifyParent && context.Parent is { Status: ActivityStatus.Running, IsCompleting: false } parent)
        {
            await NotifyAsync(parent, () => parent.Behavior.OnChildCompletedAsync(parent, this, context, effective));
        }
    }

    /// <summary>Cancels a running (or faulted) activity and everything inside it; its container is told, so that
    /// counter mode can propagate the dead path.</summary>
    public async ValueTask CancelAsync(ActivityExecution context)
    {
        if (!context.IsActive)
        {
            return;
        }

        context.Status = ActivityStatus.Canceled;
        context.CompletedAt = Now;
        RemoveBookmarks(context);
        Touch(context);
        AddJournal(context, "Canceled");
        foreach (var child in context.Children.ToList())
        {
            await CancelAsync(child);
        }

        _active.Remove(context.Id);
        context.Parent?.Children.Remove(context);
        if (context.Parent is { Status: ActivityStatus.Running, IsCompleting: false } parent)
        {
            await NotifyAsync(parent, () => parent.Behavior.OnChildCanceledAsync(parent, this, context));
        }
    }

    private async ValueTask NotifyAsync(ActivityExecution container, Func<ValueTask> callback)
    {
        try
        {
            await callback();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A failing container callback (an invalid back edge, a FlowJoin mode that does not evaluate) is the
            // container's incident, not the child's: the child did complete.
            Fault(container, e);
        }
    }

    public void Fault(ActivityExecution context, Exception exception) => Fault(context, ExceptionState.From(exception), exception.Message);

    /// <summary>
    /// Records an incident on the activity. With the default Fault strategy the workflow becomes Faulted and this
    /// burst stops; with ContinueWithIncidents (options.incidentStrategyType) the workflow goes on, and the faulted
    /// activity keeps its flowchart from completing (spec 5.3).
    /// </summary>
    public void Fault(ActivityExecution context, ExceptionState exception, string message)
    {
        if (context.Status == ActivityStatus.Running)
        {
            context.Status = ActivityStatus.Faulted;
        }

        context.Exception = exception;
        RemoveBookmarks(context);
        for (var current = context; current is not null; current = current.Parent)
        {
            current.AggregateFaultCount++;
        }

        var incident = new IncidentState
        {
            ActivityId = context.Activity.Id,
            ActivityNodeId = context.Activity.NodeId,
            ActivityType = context.Activity.Type,
            Message = message,
            Exception = exception,
            Timestamp = Now,
        };
        State.Incidents.Add(incident);
        _incidents.Add(incident);
        Touch(context);
        AddJournal(context, "Faulted", message, activityState: true);

        if (!_continueOnIncident && IsRunning)
        {
            State.Status = WorkflowStatus.Finished;
            State.SubStatus = WorkflowSubStatus.Faulted;
            State.FinishedAt = Now;
            State.Fault = new WorkflowFaultState { Exception = exception, Message = message, FaultedActivityId = context.Activity.Id };
            _queue.Clear();
        }
    }

    /// <summary>Elsa.Finish: the workflow is finished at once, whatever still runs or waits.</summary>
    public void FinishWorkflow()
    {
        _queue.Clear();
        ClearBookmarks();
        State.Status = WorkflowStatus.Finished;
        State.SubStatus = WorkflowSubStatus.Finished;
        State.FinishedAt = Now;
    }

    // ---- Bookmarks ----------------------------------------------------------------------------------------------

    public BookmarkState CreateBookmark(ActivityExecution context, string name, Dictionary<string, object?> payload, DateTime? resumeAtUtc = null, string? hash = null)
    {
        var bookmark = new BookmarkState
        {
            Id = NewId(),
            Name = name,
            Hash = hash ?? BookmarkHash.Compute(name, payload),
            Payload = payload,
            ActivityId = context.Activity.Id,
            ActivityNodeId = context.Activity.NodeId,
            ActivityInstanceId = context.Id,
            ActivityType = context.Activity.Type,
            CreatedAt = Now,
            ResumeAtUtc = resumeAtUtc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
        };
        State.Bookmarks.Add(bookmark);
        _bookmarksCreated.Add(bookmark);
        return bookmark;
    }

    public bool HasBookmarks(ActivityExecution context) => State.Bookmarks.Any(b => b.ActivityInstanceId == context.Id);

    /// <summary>Removes the activity's bookmarks with one of <paramref name="names"/> (an SDK activity replacing its timer).</summary>
    public void RemoveBookmarks(ActivityExecution context, IReadOnlyCollection<string> names)
    {
        foreach (var bookmark in State.Bookmarks.Where(b => b.ActivityInstanceId == context.Id && names.Contains(b.Name)).ToList())
        {
            RemoveBookmark(bookmark);
        }
    }

    /// <summary>Effects an activity requested (see <see cref="WorkflowEffects"/>), in the order they were asked for.</summary>
    public void AddEffects(IEnumerable<object> effects) => _effects.AddRange(effects);

    private void RemoveBookmarks(ActivityExecution context)
    {
        foreach (var bookmark in State.Bookmarks.Where(b => b.ActivityInstanceId == context.Id).ToList())
        {
            RemoveBookmark(bookmark);
        }
    }

    private void ClearBookmarks()
    {
        foreach (var bookmark in State.Bookmarks.ToList())
        {
            RemoveBookmark(bookmark);
        }
    }

    // A bookmark created and removed in the same burst never reaches the caller's store: report neither.
    private void RemoveBookmark(BookmarkState bookmark)
    {
        State.Bookmarks.Remove(bookmark);
        if (!_bookmarksCreated.Remove(bookmark))
        {
            _bookmarksRemoved.Add(bookmark);
        }
    }

    // ---- Variables, inputs, outputs ------------------------------------------------------------------------------

    /// <summary>Variables visible from <paramref name="scope"/>: its own and its ancestors' first, then the workflow's.</summary>
    public IEnumerable<VariableState> VariablesInScope(ActivityExecution? scope)
    {
        for (var current = scope; current is not null; current = current.Parent)
        {
            if (current.Variables is { } local)
            {
                foreach (var variable in local)
                {
                    yield return variable;
                }
            }
        }

        foreach (var variable in State.Variables)
        {
            yield return variable;
        }
    }

    /// <summary>By name, as JavaScript and SDK activities address variables.</summary>
    public VariableState? FindVariable(ActivityExecution? scope, string name)
    {
        foreach (var variable in VariablesInScope(scope))
        {
            if (string.Equals(variable.Name, name, StringComparison.Ordinal))
            {
                return variable;
            }
        }

        return null;
    }

    /// <summary>By id, as SetVariable, Variable expressions and output bindings address variables.</summary>
    public VariableState? FindVariableById(ActivityExecution? scope, string id)
    {
        foreach (var variable in VariablesInScope(scope))
        {
            if (string.Equals(variable.Id, id, StringComparison.Ordinal))
            {
                return variable;
            }
        }

        return null;
    }

    public object? GetVariable(ActivityExecution? scope, string name) => FindVariable(scope, name)?.Value;

    /// <summary>Sets a variable by name; an unknown name becomes a new, untyped workflow variable (as in Elsa's JavaScript).</summary>
    public void SetVariable(ActivityExecution? scope, string name, object? value)
    {
        var variable = FindVariable(scope, name);
        if (variable is null)
        {
            variable = new VariableState { Id = name, Name = name };
            State.Variables.Add(variable);
        }

        SetVariable(variable, value);
    }

    /// <summary>Stores the value converted to the variable's declared type, as Elsa's Variable.Set does.</summary>
    public static void SetVariable(VariableState variable, object? value) =>
        variable.Value = ValueConverter.ConvertTo(value, ElsaTypeNames.Resolve(variable.TypeName, variable.IsArray));

    /// <summary>
    /// The workflow input by name; exact match first, then case-insensitive. A run an <c>Elsa.Event</c> started has
    /// the event's payload as its input: its fields are read by name too (<c>getInput('amount')</c>), as the
    /// designer's documentation promises for every trigger, besides the Event activity's Result output.
    /// </summary>
    public object? GetWorkflowInput(string name)
    {
        if (Lookup(State.Input, name, out var value))
        {
            return value;
        }

        if (!string.Equals(name, WorkflowEngine.EventPayloadInputKey, StringComparison.Ordinal)
            && Lookup(State.Input, WorkflowEngine.EventPayloadInputKey, out var payload)
            && PlainValue.From(payload) is IReadOnlyDictionary<string, object?> fields
            && Lookup(fields, name, out var field))
        {
            return field;
        }

        return null;
    }

    private static bool Lookup(IEnumerable<KeyValuePair<string, object?>> values, string name, out object? value)
    {
        var list = values as IReadOnlyDictionary<string, object?>;
        if (list is not null && list.TryGetValue(name, out value))
        {
            return true;
        }

        foreach (var (key, item) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = item;
                return true;
            }
        }

        value = null;
        return false;
    }

    public object? Evaluate(ActivityExecution scope, ExpressionModel expression, Type targetType) =>
        ExpressionEvaluator.Evaluate(this, scope, expression, targetType);

    /// <summary>
    /// Evaluates an input of the activity and records it in the execution's activityState. The target type is the
    /// descriptor's (never the JSON typeName, which Studio leaves null and old exports fill with assembly names); a
    /// missing or empty value falls back to the descriptor's default.
    /// </summary>
    public object? EvaluateInput(ActivityExecution context, string name, Type? type = null)
    {
        var descriptorInput = context.Descriptor?.Inputs.FirstOrDefault(i => i.Name == name);
        var expression = context.Activity.GetInput(name);
        var target = type ?? descriptorInput?.ClrType ?? ElsaTypeNames.Resolve(expression?.TypeName);
        var value = expression is null ? null : Evaluate(context, expression, target);
        if (value is null && descriptorInput?.DefaultValue is { } defaultValue)
        {
            value = ValueConverter.ConvertTo(defaultValue, target);
        }

        context.ActivityState[name] = PlainValue.From(value);
        return value;
    }

    public T? EvaluateInput<T>(ActivityExecution context, string name) => ValueConverter.ConvertTo<T>(EvaluateInput(context, name, typeof(T)));

    /// <summary>Records an activity output; an output bound to a variable (memoryReference) also sets that variable.</summary>
    public void SetOutput(ActivityExecution context, string name, object? value)
    {
        var plain = PlainValue.From(value);
        (context.Outputs ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = plain;
        if (!State.ActivityOutputs.TryGetValue(context.Activity.Id, out var outputs))
        {
            outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            State.ActivityOutputs[context.Activity.Id] = outputs;
        }

        outputs[name] = plain;
        LastResult = plain;
        if (context.Activity.OutputBindings.TryGetValue(name, out var variableId) && FindVariableById(context, variableId) is { } variable)
        {
            SetVariable(variable, plain);
        }
    }

    public void Publish(PublishedWorkflowEvent published) => _events.Add(published);

    // ---- Journal and result ------------------------------------------------------------------------------------

    public void AddJournal(ActivityExecution context, string eventName, string? message = null, bool activityState = false, IReadOnlyDictionary<string, object?>? payload = null)
    {
        State.ExecutionLogSequence++;
        _journal.Add(new WorkflowJournalEntry
        {
            Id = NewId(),
            WorkflowInstanceId = State.Id,
            ActivityInstanceId = context.Id,
            ParentActivityInstanceId = context.Parent?.Id,
            ActivityId = context.Activity.Id,
            ActivityType = context.Activity.Type,
            ActivityTypeVersion = context.Activity.Version,
            ActivityName = context.Activity.Name,
            NodeId = context.Activity.NodeId,
            Timestamp = Now,
            Sequence = State.ExecutionLogSequence,
            EventName = eventName,
            Message = message,
            ActivityState = activityState ? Snapshot(context) : null,
            Payload = payload,
        });
    }

    private void Touch(ActivityExecution context)
    {
        if (_touchedSet.Add(context))
        {
            _touched.Add(context);
        }
    }

    public WorkflowRunResult BuildResult()
    {
        if (IsRunning)
        {
            if (_active.Count == 0)
            {
                State.Status = WorkflowStatus.Finished;
                State.SubStatus = WorkflowSubStatus.Finished;
                State.FinishedAt = Now;
            }
            else
            {
                State.SubStatus = WorkflowSubStatus.Suspended;
            }
        }

        if (State.SubStatus == WorkflowSubStatus.Finished)
        {
            // Finish ended the workflow while other activities ran or waited; they will never continue.
            foreach (var context in _active.Values.OrderBy(c => c.Depth).ToList())
            {
                if (context.Status == ActivityStatus.Running)
                {
                    context.Status = ActivityStatus.Canceled;
                    context.CompletedAt = Now;
                    Touch(context);
                    AddJournal(context, "Canceled");
                }
            }

            _active.Clear();
        }

        if (State.Status == WorkflowStatus.Finished)
        {
            ClearBookmarks();
        }

        State.ActivityExecutionContexts = _active.Values
            .OrderBy(c => c.Depth)
            .Select(c => c.ToState(HasBookmarks(c)))
            .ToList();
        State.UpdatedAt = Now;

        return new WorkflowRunResult
        {
            State = State,
            Journal = _journal,
            ActivityExecutions = _touched.Select(ToRecord).ToList(),
            BookmarksCreated = _bookmarksCreated,
            BookmarksRemoved = _bookmarksRemoved,
            PublishedEvents = _events,
            Incidents = _incidents,
            Effects = _effects,
        };
    }

    private ActivityExecutionRecord ToRecord(ActivityExecution context) => new()
    {
        Id = context.Id,
        WorkflowInstanceId = State.Id,
        ActivityId = context.Activity.Id,
        ActivityNodeId = context.Activity.NodeId,
        ActivityType = context.Activity.Type,
        ActivityTypeVersion = context.Activity.Version,
        ActivityName = context.Activity.Name,
        ActivityState = Snapshot(context),
        Payload = context.Payload,
        Outputs = context.Outputs,
        Exception = context.Exception,
        StartedAt = context.StartedAt,
        HasBookmarks = HasBookmarks(context),
        Status = context.Status,
        AggregateFaultCount = context.AggregateFaultCount,
        CompletedAt = context.CompletedAt,
        SchedulingActivityExecutionId = context.SchedulingActivityExecutionId,
        SchedulingActivityId = context.SchedulingActivityId,
        CallStackDepth = context.Depth,
    };

    // A running activity may still add inputs (an SDK activity resumed later); a finished one never changes again, so
    // its dictionary can be shared by the journal entry and the record instead of copied.
    private static Dictionary<string, object?>? Snapshot(ActivityExecution context) =>
        context.ActivityState.Count == 0 ? null
        : context.Status == ActivityStatus.Running ? new Dictionary<string, object?>(context.ActivityState)
        : context.ActivityState;

    public static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>A persisted state that does not fit the definition or the request (an unknown bookmark, a missing activity).</summary>
internal sealed class WorkflowStateException(string message) : Exception(message);
