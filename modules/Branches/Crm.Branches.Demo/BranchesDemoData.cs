using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Demo;

/// <summary>Registers the demo organisation's seeder (Demo:Seed=true and Branches on only; ADR 0068).</summary>
public sealed class BranchesDemoData : IDemoData
{
    public string Module => BranchesModule.ModuleName;

    public void RegisterServices(IServiceCollection services) => services.AddHostedService<BranchesDemoSeeder>();
}
