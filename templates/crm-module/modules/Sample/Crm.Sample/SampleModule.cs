using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.Sample.Features.CreateItem;
using Crm.Sample.Features.GetItem;
using Crm.Sample.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sample;

/// <summary>The Sample module (from the crm-module template): replace this summary with what it owns.</summary>
public sealed class SampleModule : IModule
{
    public const string ModuleName = "Sample";

    public string Name => ModuleName;

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<SampleDbContext, SampleSqliteDbContext, SampleSqlServerDbContext, SamplePostgreSqlDbContext>(configuration, ModuleName);
        services.AddModuleMediator(typeof(SampleModule).Assembly);
        services.AddIntegrationEventHandlers<SampleDbContext>(typeof(SampleModule).Assembly);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCreateItem();
        endpoints.MapGetItem();
    }
}
