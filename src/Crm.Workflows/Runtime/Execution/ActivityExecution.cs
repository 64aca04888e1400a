using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime.Model;

namespace Crm.Workflows.Runtime.Execution;

/// <summary>
/// One execution of one activity inside a burst (Elsa's ActivityExecutionContext). Containers keep their children
/// here while they run; a context that is still running or faulted when the burst ends is saved as an
/// <see cref="ActivityContextState"/> and rebuilt on resume.
/// </summary>
internal sealed class ActivityExecution(string id, ActivityModel activity, ActivityExecution? parent, ActivityBehavior behavior, ActivityDescriptor? descriptor)
{
    public string Id { get; } = id;

    public ActivityModel Activity { get; } = activity;

    public ActivityExecution? Parent { get; } = parent;

    public ActivityBehavior Behavior { get; } = behavior;

    /// <summary>The registry's descriptor; input types come from it (Studio sends new inputs with typeName null).</summary>
    public ActivityDescriptor? Descriptor { get; } = descriptor;

    public ActivityStatus Status { get; set; } = ActivityStatus.Running;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public Dictionary<string, object?> ActivityState { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?>? Outputs { get; set; }

    public Dictionary<string, object?>? Payload { get; set; }

    /// <summary>Variables declared in this scope; lookups walk up the parents and end at the workflow's variables.</summary>
    public List<VariableState>? Variables { get; set; }

    public FlowScopeState? FlowScope { get; set; }

    public LoopState? Loop { get; set; }

    /// <summary>Children that have not completed or been cancelled (running, suspended or faulted).</summary>
    public List<ActivityExecution> Children { get; } = [];

    public bool BackwardConnection { get; init; }

    public string? SchedulingActivityExecutionId { get; init; }

    public string? SchedulingActivityId { get; init; }

    public int AggregateFaultCount { get; set; }

    public ExceptionState? Exception { get; set; }

    /// <summary>Set while completing: cancellations of the children must not flow back into this container.</summary>
    public bool IsCompleting { get; set; }

    public int Depth => Parent is null ? 0 : Parent.Depth + 1;

    public bool IsActive => Status is ActivityStatus.Running or ActivityStatus.Faulted;

    public bool IsDescendantOf(ActivityExecution ancestor)
    {
        for (var current = Parent; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    public ActivityExecution? FindAncestor(Func<ActivityExecution, bool> predicate)
    {
        for (var current = Parent; current is not null; current = current.Parent)
        {
            if (predicate(current))
            {
                return current;
            }
        }

        return null;
    }

    public ActivityContextState ToState(bool hasBookmarks) => new()
    {
        Id = Id,
        ParentId = Parent?.Id,
        ActivityId = Activity.Id,
        ActivityNodeId = Activity.NodeId,
        ActivityType = Activity.Type,
        ActivityTypeVersion = Activity.Version,
        ActivityName = Activity.Name,
        Status = Status,
        StartedAt = StartedAt,
        HasBookmarks = hasBookmarks,
        AggregateFaultCount = AggregateFaultCount,
        ActivityState = ActivityState,
        Variables = Variables,
        FlowScope = FlowScope,
        Loop = Loop,
        BackwardConnection = BackwardConnection,
        SchedulingActivityExecutionId = SchedulingActivityExecutionId,
        SchedulingActivityId = SchedulingActivityId,
        Exception = Exception,
    };

    public override string ToString() => $"{Activity} ({Status})";
}

/// <summary>The ports an activity completed with. Connections whose source port is one of them are followed.</summary>
internal sealed class Outcomes(IReadOnlyList<string> names)
{
    public const string DoneName = "Done";

    /// <summary>An ordinary completion: follows "Done" (connections without a port were read as "Done").</summary>
    public static readonly Outcomes Default = new([DoneName]);

    /// <summary>Counter mode's "skip": every outbound connection is visited and none is followed (dead-path elimination).</summary>
    public static readonly Outcomes Empty = new([]);

    public IReadOnlyList<string> Names { get; } = names;

    // Exact, case-sensitive, as Elsa compares ports.
    public bool Contains(string port)
    {
        foreach (var name in Names)
        {
            if (string.Equals(name, port, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static Outcomes Of(IReadOnlyList<string>? names) => names is null || names.Count == 0 ? Default : new Outcomes(names);
}

/// <summary>An activity waiting in the burst's FIFO queue.</summary>
internal sealed record WorkItem(
    ActivityModel Activity,
    ActivityExecution? Owner,
    bool BackwardConnection = false,
    ActivityExecution? SchedulingContext = null,
    List<VariableState>? Variables = null);

/// <summary>
/// What an activity type does. Core activities implement this directly; SDK activities run through one adapter.
/// Behaviours are stateless singletons: all state lives on the <see cref="ActivityExecution"/>.
/// </summary>
internal abstract class ActivityBehavior
{
    /// <summary>End, Break and Finish: their completion completes the parent flowchart at once.</summary>
    public virtual bool IsTerminal => false;

    /// <summary>ForEach, While and For: the loops Elsa.Break stops.</summary>
    public virtual bool IsLoop => false;

    public abstract ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow);

    /// <summary>A bookmark of this activity was resumed; by default the activity completes (Elsa's autoComplete).</summary>
    public virtual ValueTask ResumeAsync(ActivityExecution context, WorkflowExecution workflow, BookmarkState bookmark, IReadOnlyDictionary<string, object?> input) =>
        workflow.CompleteAsync(context);

    public virtual ValueTask OnChildCompletedAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child, Outcomes outcomes) =>
        ValueTask.CompletedTask;

    public virtual ValueTask OnChildCanceledAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child) =>
        ValueTask.CompletedTask;
}
