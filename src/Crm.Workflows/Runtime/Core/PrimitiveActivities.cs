using System.Text.Json;
using Crm.Workflows.Runtime.Execution;

namespace Crm.Workflows.Runtime.Core;

/// <summary>Elsa.Start: a milestone; completes with Done.</summary>
internal sealed class StartActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow) => workflow.CompleteAsync(context);
}

/// <summary>Elsa.End: terminal; its flowchart completes and cancels that flowchart's other branches (not the whole workflow).</summary>
internal sealed class EndActivity : ActivityBehavior
{
    public override bool IsTerminal => true;

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow) => workflow.CompleteAsync(context);
}

/// <summary>
/// Elsa.Finish: ends the whole workflow at any depth. The queue and all bookmarks are cleared and the workflow is
/// Finished; its container is not told (Elsa clears the completion callbacks), so nothing continues.
/// </summary>
internal sealed class FinishActivity : ActivityBehavior
{
    public override bool IsTerminal => true;

    public override async ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        await workflow.CompleteAsync(context, notifyParent: false);
        workflow.FinishWorkflow();
    }
}

/// <summary>Elsa.WriteLine: the text goes to the journal (the Completed entry's message); a server has no console to speak of.</summary>
internal sealed class WriteLineActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var text = workflow.EvaluateInput<string>(context, "text");
        return workflow.CompleteAsync(context, message: text);
    }
}

/// <summary>
/// Elsa.SetVariable: "variable" is the unwrapped variable reference Studio's picker writes ({"id","name",…}); the
/// variable is found by id (name as a fallback, for hand-written JSON) and the value is converted to its type.
/// </summary>
internal sealed class SetVariableActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var (id, name) = ReadReference(context.Activity.GetProperty("variable"));
        var variable = (id is not null ? workflow.FindVariableById(context, id) : null)
                       ?? (name is not null ? workflow.FindVariable(context, name) : null)
                       ?? throw new InvalidOperationException($"Variable '{id ?? name}' not found.");
        context.ActivityState["variable"] = variable.Name;
        var value = workflow.EvaluateInput(context, "value");
        WorkflowExecution.SetVariable(variable, value);
        return workflow.CompleteAsync(context);
    }

    private static (string? Id, string? Name) ReadReference(JsonElement? reference)
    {
        switch (reference)
        {
            case { ValueKind: JsonValueKind.String } text:
                return (text.GetString(), text.GetString());
            case { ValueKind: JsonValueKind.Object } obj:
                // A wrapped form {"typeName":…, "expression":{"value": "<variable JSON>"}} also occurs in hand-made files.
                if (obj.TryGetProperty("expression", out var expression) && expression.ValueKind == JsonValueKind.Object &&
                    expression.TryGetProperty("value", out var inner))
                {
                    if (inner.ValueKind == JsonValueKind.String && inner.GetString() is { } json && json.TrimStart().StartsWith('{'))
                    {
                        using var document = JsonDocument.Parse(json);
                        return ReadReference(document.RootElement.Clone());
                    }

                    return ReadReference(inner);
                }

                return (Text(obj, "id"), Text(obj, "name"));
            default:
                return (null, null);
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Elsa.Correlate: sets the instance's correlation id.</summary>
internal sealed class CorrelateActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        workflow.State.CorrelationId = workflow.EvaluateInput<string>(context, "correlationId");
        return workflow.CompleteAsync(context);
    }
}

/// <summary>
/// Elsa.PublishEvent: reported to the caller in <see cref="WorkflowRunResult.PublishedEvents"/>, which resumes the
/// matching Event bookmarks and starts Event-triggered workflows after this burst is saved (Elsa also dispatches it
/// asynchronously). A local event targets this instance only.
/// </summary>
internal sealed class PublishEventActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var eventName = workflow.EvaluateInput<string>(context, "eventName");
        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw new InvalidOperationException("PublishEvent needs an event name.");
        }

        var correlationId = workflow.EvaluateInput<string>(context, "correlationId");
        var isLocal = workflow.EvaluateInput<bool>(context, "isLocalEvent");
        var payload = workflow.EvaluateInput(context, "payload");
        workflow.Publish(new PublishedWorkflowEvent(
            eventName,
            string.IsNullOrWhiteSpace(correlationId) ? null : correlationId,
            isLocal ? workflow.State.Id : null,
            payload,
            workflow.State.Id,
            context.Activity.Id));
        return workflow.CompleteAsync(context);
    }
}

/// <summary>
/// Elsa.Break: marks the nearest enclosing loop as breaking and, being terminal, completes its flowchart; the loop
/// then completes instead of iterating. Without a loop around it, it behaves like End.
/// </summary>
internal sealed class BreakActivity : ActivityBehavior
{
    public override bool IsTerminal => true;

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        if (context.FindAncestor(a => a.Behavior.IsLoop) is { } loop)
        {
            (loop.Loop ??= new LoopState()).IsBreaking = true;
        }

        return workflow.CompleteAsync(context);
    }
}

/// <summary>An activity type this host does not know (a disabled module's, a typo, Elsa activities we do not implement).</summary>
internal sealed class UnknownActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow) =>
        throw new InvalidOperationException($"Activity type '{context.Activity.Type}' is not available on this server.");
}
