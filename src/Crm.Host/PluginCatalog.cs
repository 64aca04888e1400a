using System.Reflection;
using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyModel;

namespace Crm.Host;

/// <summary>
/// Plugins are found by type: every concrete <see cref="IPlugin"/> in the project assemblies this host is built with.
/// Adding a plugin is a project reference; switching one off is <c>Plugins:&lt;Name&gt;:Enabled=false</c>.
/// </summary>
public static class PluginCatalog
{
    public static IReadOnlyList<IModule> Discover()
    {
        var context = DependencyContext.Default;
        if (context is null)
        {
            return [];
        }

        // Only our own project assemblies can hold plugins; scanning every NuGet package would slow start-up for nothing.
        return context.RuntimeLibraries
            .Where(l => l.Type == "project")
            .Select(l => TryLoad(l.Name))
            .OfType<Assembly>()
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IPlugin).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IModule)Activator.CreateInstance(t)!)
            .ToList();
    }

    private static Assembly? TryLoad(string name)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
