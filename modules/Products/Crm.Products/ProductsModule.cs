using System.Reflection;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.Products.Features.CreateCategory;
using Crm.Products.Features.CreateProduct;
using Crm.Products.Features.ExportProducts;
using Crm.Products.Features.GetProduct;
using Crm.Products.Features.ImportProducts;
using Crm.Products.Features.ListCategories;
using Crm.Products.Features.ListProducts;
using Crm.Products.Features.UpdateCategory;
using Crm.Products.Features.UpdateProduct;
using Crm.Products.Pages;
using Crm.Products.Persistence;
using Crm.Products.PublicApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Products;

/// <summary>
/// The product catalogue: products and services with a unique code, a category tree, unit, attributes, list prices per
/// currency, standard cost, VAT rate and an active flag. Optional: Funnel's lines pick from it through
/// <see cref="IProductCatalog"/> while it is on and stay free text when it is off (ADR 0112).
/// </summary>
public sealed class ProductsModule : IModule, IModuleUi
{
    public const string ModuleName = "Products";

    public string Name => ModuleName;

    public Assembly PagesAssembly => typeof(ProductsModule).Assembly;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
    [
        new("products", "NavProducts", typeof(ProductText), Icons.Material.Filled.Inventory2, Order: 30, DescriptionKey: "NavProductsDescription",
            Policy: CrmPolicies.ProductsRead),
    ];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<ProductsDbContext, ProductsSqliteDbContext, ProductsSqlServerDbContext, ProductsPostgreSqlDbContext>(configuration, ModuleName);
        services.AddModuleMediator(typeof(ProductsModule).Assembly);
        services.AddIntegrationEventHandlers<ProductsDbContext>(typeof(ProductsModule).Assembly);
        services.AddScoped<IProductCatalog, ProductCatalog>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapListProducts();
        endpoints.MapGetProduct();
        endpoints.MapCreateProduct();
        endpoints.MapUpdateProduct();
        endpoints.MapExportProducts();
        endpoints.MapImportProducts();
        endpoints.MapListCategories();
        endpoints.MapCreateCategory();
        endpoints.MapUpdateCategory();
    }
}
