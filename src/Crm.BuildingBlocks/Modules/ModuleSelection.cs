using Microsoft.Extensions.Configuration;

namespace Crm.BuildingBlocks.Modules;

/// <summary>The result of applying <c>Modules:&lt;Name&gt;:Enabled</c> to the host's explicit module list.</summary>
public sealed class ModuleSelection
{
    private ModuleSelection(IReadOnlyList<IModule> all, IReadOnlyList<IModule> enabled)
    {
        All = all;
        Enabled = enabled;
    }

    /// <summary>Every module the host knows, in catalog order.</summary>
    public IReadOnlyList<IModule> All { get; }

    /// <summary>The modules switched on by configuration, in catalog order.</summary>
    public IReadOnlyList<IModule> Enabled { get; }

    public bool IsEnabled(string name) => Enabled.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Modules are off unless <c>Modules:X:Enabled=true</c>; plugins are on unless <c>Plugins:X:Enabled=false</c>.</summary>
    private static bool IsSwitchedOn(IModule module, IConfiguration configuration) =>
        module is IPlugin
            ? configuration.GetValue($"Plugins:{module.Name}:Enabled", true)
            : configuration.GetValue<bool>($"Modules:{module.Name}:Enabled");

    /// <summary>
    /// Filters <paramref name="catalog"/> by configuration and checks every enabled module's <see cref="IModule.Requires"/>.
    /// A module without an <c>Enabled</c> key is off: an implementer switches modules on deliberately, phase by phase.
    /// </summary>
    /// <exception cref="ModuleConfigurationException">A required module is missing or disabled.</exception>
    public static ModuleSelection Resolve(IEnumerable<IModule> catalog, IConfiguration configuration)
    {
        var all = catalog.ToList();
        var duplicate = all.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ModuleConfigurationException($"Module '{duplicate.Key}' is listed more than once in the module catalog.");
        }

        var enabled = all.Where(m => IsSwitchedOn(m, configuration)).ToList();
        var problems = new List<string>();
        foreach (var module in enabled)
        {
            foreach (var required in module.Requires)
            {
                var known = all.FirstOrDefault(m => string.Equals(m.Name, required, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    problems.Add($"Module '{module.Name}' requires module '{required}', which this host does not contain.");
                }
                else if (!enabled.Contains(known))
                {
                    var key = known is IPlugin ? $"Plugins:{known.Name}:Enabled" : $"Modules:{known.Name}:Enabled";
                    problems.Add($"Module '{module.Name}' requires module '{known.Name}'. Enable it with {key}=true, or disable '{module.Name}'.");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ModuleConfigurationException(string.Join(Environment.NewLine, problems));
        }

        return new ModuleSelection(all, enabled);
    }
}
