using System.Collections;
using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Values;

namespace Crm.Workflows.Runtime.Core;

/// <summary>
/// Elsa.ForEach: runs the embedded "body" once per item, one iteration after the other, with the scoped variables
/// CurrentIndex and CurrentValue and the output currentValue; completes (Done) after the last item or on Break.
/// Elsa 3 has no "Iterate" flow port: the body is a container slot, normally a nested flowchart.
/// </summary>
internal sealed class ForEachActivity : ActivityBehavior
{
    public override bool IsLoop => true;

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var items = workflow.EvaluateInput(context, "items") switch
        {
            null => [],
            IList list => list.Cast<object?>().ToList(),
            var single => [single],
        };
        context.Loop = new LoopState { Items = items };
        return IterateAsync(context, workflow);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child, Outcomes outcomes) =>
        IterateAsync(context, workflow);

    private static ValueTask IterateAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var loop = context.Loop ??= new LoopState { Items = [] };
        var items = loop.Items ?? [];
        if (loop.IsBreaking || loop.Index >= items.Count)
        {
            return workflow.CompleteAsync(context);
        }

        var index = (int)loop.Index;
        var current = items[index];
        loop.Index++;
        workflow.SetOutput(context, "currentValue", current);
        if (context.Activity.Body is null)
        {
            // As in Elsa: without a body the loop only publishes the first item.
            return workflow.CompleteAsync(context);
        }

        workflow.Schedule(context.Activity.Body, context, variables:
        [
            new VariableState { Id = $"{context.Id}:CurrentIndex", Name = "CurrentIndex", TypeName = "Int32", Value = index },
            new VariableState { Id = $"{context.Id}:CurrentValue", Name = "CurrentValue", Value = current },
        ]);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Elsa.While: evaluates the condition before every iteration (it is not evaluated up front) and runs the body while it holds.</summary>
internal sealed class WhileActivity : ActivityBehavior
{
    public override bool IsLoop => true;

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        context.Loop = new LoopState();
        return IterateAsync(context, workflow);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child, Outcomes outcomes) =>
        IterateAsync(context, workflow);

    private static ValueTask IterateAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var loop = context.Loop ??= new LoopState();
        if (loop.IsBreaking || context.Activity.Body is null || !workflow.EvaluateInput<bool>(context, "condition"))
        {
            return workflow.CompleteAsync(context);
        }

        loop.Index++;
        workflow.Schedule(context.Activity.Body, context);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Elsa.For: counts from start to end by step (end included unless outerBoundInclusive is false), running the body per value.</summary>
internal sealed class ForActivity : ActivityBehavior
{
    public override bool IsLoop => true;

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var start = workflow.EvaluateInput<int>(context, "start");
        context.Loop = new LoopState { Index = start };
        return IterateAsync(context, workflow, first: true);
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child, Outcomes outcomes) =>
        IterateAsync(context, workflow, first: false);

    private static ValueTask IterateAsync(ActivityExecution context, WorkflowExecution workflow, bool first)
    {
        var loop = context.Loop ??= new LoopState();
        var end = workflow.EvaluateInput<int>(context, "end");
        var step = workflow.EvaluateInput<int>(context, "step");
        var inclusive = workflow.EvaluateInput<bool>(context, "outerBoundInclusive");
        if (!first)
        {
            loop.Index += step;
        }

        var current = loop.Index;
        var inRange = step >= 0
            ? inclusive ? current <= end : current < end
            : inclusive ? current >= end : current > end;
        if (loop.IsBreaking || !inRange || step == 0 && !first)
        {
            return workflow.CompleteAsync(context);
        }

        workflow.SetOutput(context, "currentValue", ValueConverter.ConvertTo<int>(current));
        if (context.Activity.Body is null)
        {
            return workflow.CompleteAsync(context);
        }

        workflow.Schedule(context.Activity.Body, context, variables:
        [
            new VariableState { Id = $"{context.Id}:CurrentValue", Name = "CurrentValue", TypeName = "Int32", Value = (int)current },
        ]);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Elsa.FlowNode ("Container"): runs its body and completes when the body does.</summary>
internal sealed class FlowNodeActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        if (context.Activity.Body is null)
        {
            return workflow.CompleteAsync(context);
        }

        workflow.Schedule(context.Activity.Body, context);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecution context, WorkflowExecution workflow, ActivityExecution child, Outcomes outcomes) =>
        workflow.CompleteAsync(context);
}
