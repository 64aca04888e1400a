using Crm.Accounts;
using Crm.Branches;
using Crm.Funnel;
using Crm.BuildingBlocks.Modules;

namespace Crm.Host;

/// <summary>
/// Every module this host can run, listed explicitly (no assembly scanning): a module is added here once, and
/// switched on per installation with <c>Modules:&lt;Name&gt;:Enabled</c>.
/// </summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<IModule> All { get; } =
    [
        new AccountsModule(),
        new FunnelModule(),
        new BranchesModule(),
    ];
}
