using Crm.BuildingBlocks.Persistence;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// What <c>GET /api/modules</c> and the implementer's Modules page show: every module and plugin of the host, whether it
/// is enabled, what it requires and the state of its storage, followed by host-level storage (the workflow server).
/// </summary>
public sealed class ModuleStatusReader(ModuleSelection selection, IEnumerable<IModuleDatabase> databases)
{
    public async Task<IReadOnlyList<ModuleStatus>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var byName = databases.ToDictionary(d => d.ModuleName, StringComparer.OrdinalIgnoreCase);
        var result = new List<ModuleStatus>();
        foreach (var module in selection.All)
        {
            var enabled = selection.Enabled.Contains(module);
            ModuleMigrationStatus migration;
            if (enabled && byName.TryGetValue(module.Name, out var database))
            {
                migration = await ReadAsync(database, cancellationToken);
            }
            else
            {
                // A disabled module's storage is left untouched, so it is not even opened to read its state.
                migration = new ModuleMigrationStatus(enabled ? "NoStorage" : "Disabled", null, [], [], null);
            }

            result.Add(new ModuleStatus(module.Name, module is IPlugin ? ModuleKinds.Plugin : ModuleKinds.Module, enabled, module.Requires, migration));
        }

        // Storage registered outside the catalog (the workflow server) is listed after the modules, so its migration
        // state is visible in the same place.
        foreach (var database in byName.Values.Where(d => !selection.All.Any(m => string.Equals(m.Name, d.ModuleName, StringComparison.OrdinalIgnoreCase))))
        {
            result.Add(new ModuleStatus(database.ModuleName, ModuleKinds.Service, true, [], await ReadAsync(database, cancellationToken)));
        }

        return result;
    }

    private static async Task<ModuleMigrationStatus> ReadAsync(IModuleDatabase database, CancellationToken cancellationToken)
    {
        var state = await database.GetStateAsync(cancellationToken);
        return new ModuleMigrationStatus(state.Status, database.Provider.ToString(), state.Applied, state.Pending, state.Error);
    }
}

/// <summary>The values of <see cref="ModuleStatus.Kind"/>.</summary>
public static class ModuleKinds
{
    /// <summary>From the module catalog, switched on with <c>Modules:&lt;Name&gt;:Enabled</c>.</summary>
    public const string Module = "Module";

    /// <summary>Found by type, on unless <c>Plugins:&lt;Name&gt;:Enabled=false</c>.</summary>
    public const string Plugin = "Plugin";

    /// <summary>Host-level storage such as the workflow server's.</summary>
    public const string Service = "Service";
}

/// <summary>One row of <c>GET /api/modules</c>.</summary>
public sealed record ModuleStatus(string Name, string Kind, bool Enabled, IReadOnlyCollection<string> Requires, ModuleMigrationStatus Migration);

/// <summary>
/// <see cref="Status"/>: <c>UpToDate</c>, <c>Pending</c>, <c>Unavailable</c> (storage unreachable), <c>Disabled</c> or
/// <c>NoStorage</c>; <see cref="Provider"/> is null when the storage was not opened.
/// </summary>
public sealed record ModuleMigrationStatus(string Status, string? Provider, IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, string? Error);
