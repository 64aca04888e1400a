using System.Text.Json;
using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Model;

namespace Crm.Workflows.Runtime.Core;

/// <summary>Elsa.FlowDecision: completes with "True" or "False".</summary>
internal sealed class FlowDecisionActivity : ActivityBehavior
{
    private static readonly Outcomes True = new(["True"]);
    private static readonly Outcomes False = new(["False"]);

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var condition = workflow.EvaluateInput<bool>(context, "condition");
        return workflow.CompleteAsync(context, condition ? True : False);
    }
}

/// <summary>
/// Elsa.FlowSwitch: evaluates the case conditions in list order; MatchFirst continues on the first matching label,
/// MatchAny on all of them; no match continues on "Default". "cases" is unwrapped:
/// <c>[{"label":"Case 1","condition":{"type":"JavaScript","value":"…"}}]</c>.
/// </summary>
internal sealed class FlowSwitchActivity : ActivityBehavior
{
    public const string DefaultOutcome = "Default";

    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var matchAny = string.Equals(workflow.EvaluateInput<string>(context, "mode"), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matches = new List<string>();
        foreach (var (label, condition) in ReadCases(context.Activity.GetProperty("cases")))
        {
            if (workflow.Evaluate(context, condition, typeof(bool?)) is true)
            {
                matches.Add(label);
                if (!matchAny)
                {
                    break;
                }
            }
        }

        if (matches.Count == 0)
        {
            matches.Add(DefaultOutcome);
        }

        context.ActivityState["matches"] = matches.Cast<object?>().ToList();
        return workflow.CompleteAsync(context, new Outcomes(matches));
    }

    private static IEnumerable<(string Label, ExpressionModel Condition)> ReadCases(JsonElement? cases)
    {
        var array = cases;
        if (cases is { ValueKind: JsonValueKind.Object } wrapped && wrapped.TryGetProperty("expression", out var expression) &&
            expression.TryGetProperty("value", out var value))
        {
            // Tolerate a wrapped Object expression holding the cases as JSON text.
            array = value.ValueKind == JsonValueKind.String && value.GetString() is { } json ? ParseClone(json) : value;
        }

        if (array is not { ValueKind: JsonValueKind.Array } items)
        {
            yield break;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var condition = item.TryGetProperty("condition", out var c) ? WorkflowDefinitionParser.ReadExpression(c) : ExpressionModel.FromLiteral(false);
            yield return (label.GetString()!, condition);
        }
    }

    private static JsonElement ParseClone(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// Elsa.FlowFork (and Elsa.Fork met in a flowchart): completes with every branch name as an outcome, so all branches
/// continue, breadth-first in connection order.
/// </summary>
internal sealed class FlowForkActivity : ActivityBehavior
{
    public override ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var branches = workflow.EvaluateInput<List<string>>(context, "branches");

        // Studio draws a "Done" port when there are no branches, so an empty list continues on Done (Elsa: nowhere).
        var names = branches?.Where(b => !string.IsNullOrEmpty(b)).ToList();
        return workflow.CompleteAsync(context, names is { Count: > 0 } ? new Outcomes(names) : Outcomes.Default);
    }
}

/// <summary>
/// Elsa.FlowJoin: the join itself is decided by the flowchart (WaitAll / WaitAllActive / WaitAny). When it runs,
/// in counter mode it cancels the inbound branches still running, then completes.
/// </summary>
internal sealed class FlowJoinActivity : ActivityBehavior
{
    public override async ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        workflow.EvaluateInput<string>(context, "mode");
        if (context.Parent is { Activity.Flowchart: not null } flowchart)
        {
            await FlowchartActivity.CancelAncestorsAsync(flowchart, workflow, context.Activity.Id);
        }

        await workflow.CompleteAsync(context);
    }
}
