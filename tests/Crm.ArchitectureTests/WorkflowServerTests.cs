using System.Reflection;
using Crm.Host;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// The workflow server (runtime, designer API, task inbox) sits beside the modules: it knows no module at all (the
/// leaver transfer moves records through the modules' IOwnershipContribution, ADR 0045), reaches into no plugin, and
/// what it publishes lives in its own BCL-only <c>Crm.Workflows.PublicApi</c>.
/// </summary>
public sealed class WorkflowServerTests
{
    private static Assembly Workflows => CrmAssemblies.Single(a => a.GetName().Name == "Crm.Workflows");

    [Fact]
    public void The_workflow_server_references_modules_only_through_their_PublicApi_and_no_plugin() =>
        AssertNone(ModuleOrPluginReferences(Workflows), "Crm.Workflows may use a module only through its Crm.<Module>.PublicApi, and no plugin at all.");

    internal static IEnumerable<string> ModuleOrPluginReferences(Assembly assembly)
    {
        var forbidden = ModuleAssemblies.Select(a => a.GetName().Name!)
            .Concat(PluginCatalog.Discover().Select(p => p.GetType().Assembly.GetName().Name!))
            .ToHashSet();
        return assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(forbidden.Contains).Select(n => $"{assembly.GetName().Name} references {n}");
    }

    internal static IEnumerable<string> DeclaredIntegrationEvents(Assembly assembly) =>
        assembly.GetTypes().Where(t => !t.IsInterface && typeof(Crm.BuildingBlocks.PublicApi.IIntegrationEvent).IsAssignableFrom(t)).Select(Describe);

    [Fact]
    public void The_workflow_server_references_no_module_PublicApi_either()
    {
        // Modules contribute to the server (activities, ownership handovers); the server never calls a module by name,
        // so a new module needs no change here and a disabled one leaves nothing dangling.
        var publicApis = ModuleAssemblies.Select(a => a.GetName().Name + ".PublicApi").ToHashSet();
        var offenders = Workflows.GetReferencedAssemblies().Select(r => r.Name!).Where(publicApis.Contains).Select(n => $"Crm.Workflows references {n}");

        AssertNone(offenders, "Crm.Workflows learns what modules can do through contributions (IOwnershipContribution), not their PublicApi.");
    }

    [Fact]
    public void The_inbox_events_are_published_from_the_workflows_PublicApi()
    {
        var publicApi = CrmAssemblies.Single(a => a.GetName().Name == "Crm.Workflows.PublicApi");
        var events = publicApi.GetTypes().Where(t => typeof(Crm.BuildingBlocks.PublicApi.IIntegrationEvent).IsAssignableFrom(t)).Select(t => t.Name).ToList();

        Assert.Contains("HumanTaskAssignedIntegrationEvent", events);
        AssertNone(
            DeclaredIntegrationEvents(Workflows),
            "Crm.Workflows declares no integration events of its own; they belong in Crm.Workflows.PublicApi.");
    }
}
