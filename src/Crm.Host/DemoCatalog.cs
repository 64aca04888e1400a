using Crm.Accounts.Demo;
using Crm.Branches.Demo;
using Crm.BuildingBlocks.Modules;
using Crm.Funnel.Demo;
using Crm.Products.Demo;

namespace Crm.Host;

/// <summary>
/// The demo data of every module, in the order it must run (Funnel's demo opportunities hang off Accounts' demo
/// customers). Only <see cref="All"/> names the Demo assemblies, and the host calls it only with Demo:Seed=true, so a
/// production run never loads them or their data generator (ADR 0068).
/// </summary>
public static class DemoCatalog
{
    public static IReadOnlyList<IDemoData> All() => [new AccountsDemoData(), new ProductsDemoData(), new FunnelDemoData(), new BranchesDemoData()];
}
