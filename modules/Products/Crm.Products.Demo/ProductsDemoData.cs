using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Products.Demo;

/// <summary>Registers the demo product catalogue (Demo:Seed=true only; ADR 0068). It runs before Funnel's demo lines name its codes.</summary>
public sealed class ProductsDemoData : IDemoData
{
    public string Module => ProductsModule.ModuleName;

    public void RegisterServices(IServiceCollection services) => services.AddHostedService<ProductsDemoSeeder>();
}
