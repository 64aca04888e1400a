using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Demo;

/// <summary>Registers the Funnel demo seeder (Demo:Seed=true only; ADR 0068). It runs after the Accounts demo data.</summary>
public sealed class FunnelDemoData : IDemoData
{
    public string Module => FunnelModule.ModuleName;

    public void RegisterServices(IServiceCollection services) => services.AddHostedService<FunnelDemoSeeder>();
}
