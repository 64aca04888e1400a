using Crm.Workflows.Runtime.Execution;

namespace Crm.Workflows.Runtime.Core;

/// <summary>Shared by the trigger-capable core activities (Timer, Event).</summary>
internal static class Triggers
{
    /// <summary>
    /// Whether this execution is the trigger that started the run: it then completes at once instead of waiting.
    /// Only its first execution counts: a trigger re-entered through a loop waits again (Elsa would complete it again
    /// and again, spinning the loop within one burst).
    /// </summary>
    public static bool IsTriggerOfWorkflow(ActivityExecution context, WorkflowExecution workflow) =>
        workflow.State.TriggerActivityId == context.Activity.Id &&
        !context.BackwardConnection &&
        context.Parent?.FlowScope?.ActivitiesVisitCount.GetValueOrDefault(context.Activity.Id) is null or 0;
}

/// <summary>Elsa.Delay: a bookmark "Elsa.Delay" with payload {resumeAt}; the caller fires it at ResumeAtUtc and the activity completes.</summary>
internal sealed class DelayActivity : ActivityBehavior
{
    public const string BookmarkName = "Elsa.Delay";

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var timeSpan = workflow.EvaluateInput<TimeSpan?>(context, "timeSpan") ?? TimeSpan.FromMinutes(1);
        var resumeAt = workflow.Now + timeSpan;
        workflow.CreateBookmark(context, BookmarkName, new Dictionary<string, object?> { ["resumeAt"] = resumeAt }, resumeAt.UtcDateTime);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Elsa.Timer: as the run's trigger it completes at once (the recurring schedule is the caller's trigger index);
/// inside a workflow it waits one interval (bookmark "Elsa.Timer", payload {resumeAt}).
/// </summary>
internal sealed class TimerActivity : ActivityBehavior
{
    public const string BookmarkName = "Elsa.Timer";

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var interval = workflow.EvaluateInput<TimeSpan?>(context, "interval") ?? TimeSpan.FromMinutes(1);
        if (Triggers.IsTriggerOfWorkflow(context, workflow))
        {
            return workflow.CompleteAsync(context);
        }

        var resumeAt = workflow.Now + interval;
        workflow.CreateBookmark(context, BookmarkName, new Dictionary<string, object?> { ["resumeAt"] = resumeAt }, resumeAt.UtcDateTime);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Elsa.Event: waits for an event by name (bookmark "Elsa.Event", payload {eventName}, hash
/// <see cref="BookmarkHash.ForEvent"/>). As the run's trigger it completes at once. Its "result" output is the event
/// payload, read from the input key <see cref="WorkflowEngine.EventPayloadInputKey"/> as Elsa does.
/// </summary>
internal sealed class EventActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var eventName = workflow.EvaluateInput<string>(context, "eventName");
        if (Triggers.IsTriggerOfWorkflow(context, workflow))
        {
            workflow.SetOutput(context, "result", workflow.GetWorkflowInput(WorkflowEngine.EventPayloadInputKey));
            return workflow.CompleteAsync(context);
        }

        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw new InvalidOperationException("Event needs an event name.");
        }

        workflow.CreateBookmark(context, BookmarkHash.EventBookmarkName, new Dictionary<string, object?> { ["eventName"] = eventName }, hash: BookmarkHash.ForEvent(eventName));
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecution context, WorkflowExecution workflow, BookmarkState bookmark, IReadOnlyDictionary<string, object?> input)
    {
        var payload = input.TryGetValue(WorkflowEngine.EventPayloadInputKey, out var value) ? value : input.Count > 0 ? input : null;
        workflow.SetOutput(context, "result", payload);
        return workflow.CompleteAsync(context);
    }
}
