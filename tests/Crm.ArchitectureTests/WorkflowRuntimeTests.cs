using System.Reflection;
using NetArchTest.Rules;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// The workflow runtime (engine, runner, timers) knows nothing of the task inbox or the Elsa-compatible API built on
/// it: the inbox plugs in through <c>IWorkflowBurstObserver</c> and SDK activities, the API calls the runner. A
/// reference the other way would make the runtime unusable without them and tangle their changes with its own.
/// </summary>
public sealed class WorkflowRuntimeTests
{
    private static Assembly Workflows => CrmAssemblies.Single(a => a.GetName().Name == "Crm.Workflows");

    [Fact]
    public void The_workflow_runtime_does_not_reference_the_inbox_or_the_API()
    {
        AssertRule(RuntimeRule(Workflows, "Crm.Workflows"), RuleText("Crm.Workflows"));
    }

    /// <summary>The rule is not vacuous: it fires on a sample whose runtime type uses an inbox and an API type.</summary>
    [Fact]
    public void The_runtime_rule_fires_on_a_runtime_that_references_the_inbox_and_the_API()
    {
        const string root = "Crm.ArchitectureTests.Samples.WorkflowRuntime";
        var result = RuntimeRule(typeof(WorkflowRuntimeTests).Assembly, root);

        Assert.False(result.IsSuccessful);
        Assert.Equal(
            [$"{root}.Runtime.RunnerThatAnswersHttp", $"{root}.Runtime.RunnerThatCreatesTasks"],
            result.FailingTypeNames!.Order(StringComparer.Ordinal));
    }

    private static TestResult RuntimeRule(Assembly assembly, string root) =>
        Types.InAssembly(assembly)
            .That().ResideInNamespace($"{root}.Runtime")
            .ShouldNot().HaveDependencyOnAny($"{root}.Inbox", $"{root}.Api")
            .GetResult();

    private static string RuleText(string root) =>
        $"{root}.Runtime must not reference {root}.Inbox or {root}.Api; let them plug into the runtime (IWorkflowBurstObserver, SDK activities) instead.";
}
