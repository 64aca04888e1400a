using Crm.BuildingBlocks.Modules;

namespace Crm.Host;

internal static class PhaseOverlay
{
    /// <summary>
    /// Adds <c>appsettings.{Phase}.json</c> when <c>Phase</c> is set (e.g. <c>--Phase Phase2</c> or the environment variable <c>Phase=Phase2</c>):
    /// a rollout phase is nothing but a set of module flags, and the phase file is the whole list (ADR 0052): a module it
    /// does not switch on is off, even when <c>appsettings.Development.json</c> switches it on, so the modules page and
    /// what runs agree. Environment variables and the command line are re-added after it so an operator can still
    /// override one flag.
    /// </summary>
    /// <exception cref="ModuleConfigurationException">The phase file names a module this host does not contain.</exception>
    public static void AddPhaseOverlay(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        var phase = configuration["Phase"];
        if (string.IsNullOrWhiteSpace(phase))
        {
            return;
        }

        var file = Path.Combine(environment.ContentRootPath, $"appsettings.{phase}.json");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"Phase '{phase}' has no settings file: expected {file}.");
        }

        configuration.AddInMemoryCollection(ModulesOff(phase, file, ModuleCatalog.All.Where(m => m is not IPlugin).Select(m => m.Name)));
        configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray());
    }

    /// <summary>
    /// <c>Modules:X:Enabled=false</c> for every module of the host that the phase file leaves out; the file's own
    /// values are added on top. A name the host does not know stops start-up: a misspelt module would otherwise stay
    /// silently off.
    /// </summary>
    internal static Dictionary<string, string?> ModulesOff(string phase, string file, IEnumerable<string> knownModules)
    {
        var known = knownModules.ToList();
        var named = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build()
            .GetSection("Modules").GetChildren().Select(s => s.Key).ToList();
        var unknown = named.Where(n => !known.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new ModuleConfigurationException(
                $"Phase '{phase}' ({Path.GetFileName(file)}) names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which this host does not contain. "
                + $"Known modules: {string.Join(", ", known)}. Remove the name from the phase file, or add the module to the host's catalog.");
        }

        return known.Where(m => !named.Contains(m, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(m => $"Modules:{m}:Enabled", _ => (string?)"false");
    }
}
