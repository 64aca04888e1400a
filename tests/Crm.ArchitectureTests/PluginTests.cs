using System.Reflection;
using System.Runtime.CompilerServices;
using Crm.BuildingBlocks.Modules;
using Crm.Host;
using Xunit;

namespace Crm.ArchitectureTests;

/// <summary>Plugins only see public surfaces (style guide 4.9 rule 9) and follow the module shape rules.</summary>
public sealed class PluginTests
{
    public static TheoryData<string> PluginNames => new(PluginCatalog.Discover().Select(p => p.Name));

    private static Assembly PluginAssembly(string name) => PluginCatalog.Discover().Single(p => p.Name == name).GetType().Assembly;

    [Fact]
    public void The_host_has_plugins() => Assert.NotEmpty(PluginCatalog.Discover());

    [Theory]
    [MemberData(nameof(PluginNames))]
    public void A_plugin_references_no_module_implementation_nor_the_workflow_runtime_nor_identity(string plugin)
    {
        var moduleAssemblies = ModuleCatalog.All.Select(m => m.GetType().Assembly.GetName().Name).ToHashSet();
        var offenders = PluginAssembly(plugin).GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => moduleAssemblies.Contains(n) || n == "Crm.Workflows" || n == "Crm.Identity")
            .ToList();
        Assert.True(offenders.Count == 0, $"Plugin {plugin} references {string.Join(", ", offenders)}; use .PublicApi, Crm.Workflows.Abstractions " +
            "and the building blocks (ICurrentUser, IStaffDirectory, CrmPolicies) only.");
    }

    [Theory]
    [MemberData(nameof(PluginNames))]
    public void A_plugin_is_internal_and_sealed_except_its_entry_point(string plugin)
    {
        var types = PluginAssembly(plugin).GetTypes()
            .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Namespace!.Contains(".Persistence.Migrations", StringComparison.Ordinal))
            .ToList();
        var publicTypes = types.Where(t => t.IsVisible && !typeof(IPlugin).IsAssignableFrom(t)).Select(t => t.FullName).ToList();
        var unsealed = types.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !(t.IsAbstract && t.IsSealed)).Select(t => t.FullName).ToList();

        Assert.True(publicTypes.Count == 0, $"Public types in {plugin}: {string.Join(", ", publicTypes)}");
        Assert.True(unsealed.Count == 0, $"Unsealed classes in {plugin}: {string.Join(", ", unsealed)}");
    }
}
