using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Model;
using Crm.Workflows.Runtime.Values;

namespace Crm.Workflows.Runtime.Core;

/// <summary>The explicit join modes of Elsa.FlowJoin; every other activity joins implicitly as WaitAllActive.</summary>
internal enum FlowJoinMode
{
    WaitAll,
    WaitAllActive,
    WaitAny,
}

/// <summary>
/// Elsa.Flowchart in counter-based mode, Elsa 3.8's library default (spec 1.4 A; docs/adr/0013). When a child
/// completes, each outbound connection registers a visit and whether it was followed; a target runs when its join
/// condition over its forward inbound connections holds, and is skipped (its outbound connections visited as not
/// followed, recursively) when it can no longer run. customProperties.mergeMode is ignored, as in counter mode.
/// </summary>
internal sealed class FlowchartActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var flowchart = FlowchartOf(context);
        if (flowchart.Variables.Count > 0)
        {
            // Added to what the scheduler declared (a ForEach body also gets CurrentValue and CurrentIndex).
            context.Variables ??= [];
            context.Variables.AddRange(flowchart.Variables
                .Select(v => new VariableState { Id = v.Id, Name = v.Name, TypeName = v.TypeName, Value = ValueConverter.ConvertTo(v.Value, v.ClrType) }));
        }

        context.FlowScope = new FlowScopeState();
        var start = flowchart.GetStartActivity(workflow.State.TriggerActivityId);
        if (start is null)
        {
            return workflow.CompleteAsync(context);
        }

        workflow.Schedule(start, context);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask OnChildCompletedAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child, Outcomes outcomes)
    {
        // End, Break and Finish complete their flowchart at once; completing cancels the other children.
        if (child.Behavior.IsTerminal)
        {
            await workflow.CompleteAsync(context);
            return;
        }

        var scheduled = await ScheduleOutboundAsync(context, workflow, child.Activity, outcomes, child.BackwardConnection, child);
        if (!scheduled)
        {
            await CompleteIfNoPendingWorkAsync(context, workflow);
        }
    }

    /// <summary>A cancelled child's outbound connections count as visited and not followed, so joins below it do not wait forever.</summary>
    public override async ValueTask OnChildCanceledAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child)
    {
        await CompleteIfNoPendingWorkAsync(context, workflow);
        if (context.Status != ActivityStatus.Running)
        {
            return;
        }

        if (!await ScheduleOutboundAsync(context, workflow, child.Activity, Outcomes.Empty, backwardConnection: false, child))
        {
            await CompleteIfNoPendingWorkAsync(context, workflow);
        }
    }

    /// <summary>Cancels the running (or faulted) children of the flowchart from which <paramref name="activityId"/> can be reached.</summary>
    public static async ValueTask CancelAncestorsAsync(ActivityExecution flowchartContext, WorkflowExecution workflow, string activityId)
    {
        var ancestors = GraphOf(flowchartContext, workflow).Ancestors(activityId);
        foreach (var child in flowchartContext.Children.ToList())
        {
            if (child.IsActive && ancestors.Contains(child.Activity.Id))
            {
                await workflow.CancelAsync(child);
            }
        }
    }

    private static async ValueTask<bool> ScheduleOutboundAsync(
        ActivityExecution context, WorkflowExecution workflow, ActivityModel activity, Outcomes outcomes, bool backwardConnection, ActivityExecution scheduling)
    {
        var flowchart = FlowchartOf(context);
        var graph = GraphOf(context, workflow);
        var scope = context.FlowScope ??= new FlowScopeState();

        // A run reached through a back edge is the same "round" for the joins below: its visit is not counted.
        if (!backwardConnection)
        {
            Increment(scope.ActivitiesVisitCount, activity.Id);
        }

        var scheduled = false;
        foreach (var connection in graph.Outbound(activity.Id))
        {
            var followed = outcomes.Contains(connection.SourcePort);
            Increment(scope.ConnectionVisitCount, connection.Key);
            scope.ConnectionLastVisitFollowed[connection.Key] = followed;
            var target = flowchart.Find(connection.TargetId)!;

            if (graph.IsBackward(connection, out var isValid))
            {
                if (!followed)
                {
                    continue;
                }

                if (!isValid)
                {
                    throw new InvalidOperationException(
                        $"Invalid backward connection: every path from the source ('{connection.SourceId}') must go through the target ('{connection.TargetId}') when tracing back to the start.");
                }

                workflow.Schedule(target, context, backwardConnection: true, scheduling);
                scheduled = true;
                continue;
            }

            scheduled |= await MaybeScheduleAsync(context, workflow, graph, scope, connection, target, scheduling);
        }

        return scheduled;
    }

    private static async ValueTask<bool> MaybeScheduleAsync(
        ActivityExecution context, WorkflowExecution workflow, FlowGraph graph, FlowScopeState scope, ConnectionModel connection, ActivityModel target, ActivityExecution scheduling)
    {
        var inbound = graph.ForwardInbound(target.Id);
        var mode = target.Type == CoreActivityTypes.FlowJoin ? JoinModeOf(context, workflow, target) : FlowJoinMode.WaitAllActive;
        switch (mode)
        {
            case FlowJoinMode.WaitAll:
                if (!AllVisited(scope, inbound, target))
                {
                    return false;
                }

                return AllFollowed(scope, inbound, target)
                    ? Schedule(context, workflow, target, scheduling)
                    : await SkipAsync(context, workflow, target, scheduling);

            case FlowJoinMode.WaitAny:
                // This round of the target has already run, or it is already waiting in the queue.
                if (Visits(scope.ConnectionVisitCount, connection.Key) <= Visits(scope.ActivitiesVisitCount, target.Id) || workflow.IsScheduled(target, context))
                {
                    return false;
                }

                if (AnyFollowed(scope, inbound, target))
                {
                    Schedule(context, workflow, target, scheduling);
                    await CancelAncestorsAsync(context, workflow, target.Id);
                    return true;
                }

                return AllVisited(scope, inbound, target) && await SkipAsync(context, workflow, target, scheduling);

            default:
                if (!AllVisited(scope, inbound, target))
                {
                    return false;
                }

                return AnyFollowed(scope, inbound, target)
                    ? Schedule(context, workflow, target, scheduling)
                    : await SkipAsync(context, workflow, target, scheduling);
        }
    }

    private static bool Schedule(ActivityExecution context, WorkflowExecution workflow, ActivityModel target, ActivityExecution scheduling)
    {
        workflow.Schedule(target, context, backwardConnection: false, scheduling);
        return true;
    }

    /// <summary>Dead-path elimination: the target "completes" with no outcome, so everything below it sees a visited, unfollowed connection.</summary>
    private static ValueTask<bool> SkipAsync(ActivityExecution context, WorkflowExecution workflow, ActivityModel target, ActivityExecution scheduling) =>
        ScheduleOutboundAsync(context, workflow, target, Outcomes.Empty, backwardConnection: false, scheduling);

    /// <summary>Every forward inbound connection was visited more often than the target ran.</summary>
    private static bool AllVisited(FlowScopeState scope, IReadOnlyList<ConnectionModel> inbound, ActivityModel target)
    {
        var visits = Visits(scope.ActivitiesVisitCount, target.Id);
        return inbound.Count > 0 && inbound.Min(c => Visits(scope.ConnectionVisitCount, c.Key)) > visits;
    }

    /// <summary>Among the most-visited forward inbound connections, one was followed on its last visit.</summary>
    private static bool AnyFollowed(FlowScopeState scope, IReadOnlyList<ConnectionModel> inbound, ActivityModel target)
    {
        if (inbound.Count == 0)
        {
            return false;
        }

        var max = inbound.Max(c => Visits(scope.ConnectionVisitCount, c.Key));
        return max > Visits(scope.ActivitiesVisitCount, target.Id) &&
               inbound.Any(c => Visits(scope.ConnectionVisitCount, c.Key) == max && scope.ConnectionLastVisitFollowed.GetValueOrDefault(c.Key));
    }

    /// <summary>Every forward inbound connection was visited as often as the most-visited one and followed.</summary>
    private static bool AllFollowed(FlowScopeState scope, IReadOnlyList<ConnectionModel> inbound, ActivityModel target)
    {
        if (inbound.Count == 0)
        {
            return false;
        }

        var max = inbound.Max(c => Visits(scope.ConnectionVisitCount, c.Key));
        return max > Visits(scope.ActivitiesVisitCount, target.Id) &&
               inbound.All(c => Visits(scope.ConnectionVisitCount, c.Key) == max && scope.ConnectionLastVisitFollowed.GetValueOrDefault(c.Key));
    }

    private static FlowJoinMode JoinModeOf(ActivityExecution flowchartContext, WorkflowExecution workflow, ActivityModel join)
    {
        var expression = join.GetInput("mode");
        var value = expression is null ? null : workflow.Evaluate(flowchartContext, expression, typeof(object));
        return value switch
        {
            string text when Enum.TryParse<FlowJoinMode>(text, ignoreCase: true, out var parsed) => parsed,
            int or long or decimal or double when Enum.IsDefined(typeof(FlowJoinMode), Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)) =>
                (FlowJoinMode)Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => FlowJoinMode.WaitAny,
        };
    }

    private static async ValueTask CompleteIfNoPendingWorkAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        // A running, suspended or faulted child, or queued work inside the flowchart, keeps it open.
        if (context.Status != ActivityStatus.Running || context.Children.Any(c => c.IsActive) || workflow.HasScheduledWorkWithin(context))
        {
            return;
        }

        await workflow.CompleteAsync(context);
    }

    private static FlowchartModel FlowchartOf(ActivityExecution context) =>
        context.Activity.Flowchart ?? throw new InvalidOperationException($"{context.Activity} is not a flowchart.");

    private static FlowGraph GraphOf(ActivityExecution context, WorkflowExecution workflow)
    {
        var flowchart = FlowchartOf(context);
        var start = flowchart.GetStartActivity(workflow.State.TriggerActivityId)
                    ?? throw new InvalidOperationException($"{context.Activity} has no activities.");
        return flowchart.GetGraph(start);
    }

    private static long Visits(Dictionary<string, long> counts, string key) => counts.GetValueOrDefault(key);

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
