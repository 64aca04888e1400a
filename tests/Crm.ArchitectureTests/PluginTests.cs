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
    public void A_plugin_references_no_module_implementation_nor_the_workflow_runtime_nor_identity(string plugin) =>
        Solution.AssertNone(ForbiddenReferences(PluginAssembly(plugin)), $"Plugin {plugin} may use .PublicApi, Crm.Workflows.Abstractions " +
            "and the building blocks (ICurrentUser, IStaffDirectory, CrmPolicies) only.");

    [Theory]
    [MemberData(nameof(PluginNames))]
    public void A_plugin_is_internal_and_sealed_except_its_entry_point(string plugin)
    {
        var (publicTypes, unsealed) = ShapeOffenders(PluginAssembly(plugin));
        Solution.AssertNone(publicTypes, $"Types in plugin {plugin} are internal except its IPlugin.");
        Solution.AssertNone(unsealed, $"Classes in plugin {plugin} are sealed (or abstract/static).");
    }

    internal static IEnumerable<string> ForbiddenReferences(Assembly assembly)
    {
        var moduleAssemblies = ModuleCatalog.All.Select(m => m.GetType().Assembly.GetName().Name).ToHashSet();
        return assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => moduleAssemblies.Contains(n) || n == "Crm.Workflows" || n == "Crm.Identity")
            .Select(n => $"{assembly.GetName().Name} references {n}");
    }

    internal static (List<string> PublicTypes, List<string> Unsealed) ShapeOffenders(Assembly assembly)
    {
        var types = assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !(t.Namespace ?? "").Contains(".Persistence.Migrations", StringComparison.Ordinal))
            .ToList();
        return (
            types.Where(t => t.IsVisible && !typeof(IPlugin).IsAssignableFrom(t)).Select(t => t.FullName!).ToList(),
            types.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName!).ToList());
    }
}
