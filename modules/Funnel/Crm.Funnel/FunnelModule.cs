using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Pipelines;
using Crm.Funnel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel;

/// <summary>
/// The sales side of the CRM: campaigns, leads (captured, distributed by the assignment workflow, followed up,
/// converted), opportunities through configurable pipelines, quotes with discount approval, funnel and forecast.
/// </summary>
public sealed class FunnelModule : IModule
{
    public const string ModuleName = "Funnel";

    public string Name => ModuleName;

    /// <summary>Lead conversion creates accounts and contacts through IAccountsApi.</summary>
    public IReadOnlyCollection<string> Requires => ["Accounts"];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = FunnelOptions.From(configuration);
        services.AddSingleton(options);
        services.AddModuleDbContext<FunnelDbContext, FunnelSqliteDbContext, FunnelSqlServerDbContext>(configuration, ModuleName);
        services.AddModuleMediator(typeof(FunnelModule).Assembly);
        services.AddIntegrationEventHandlers<FunnelDbContext>(typeof(FunnelModule).Assembly);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPipelines();
        endpoints.MapListLeads();
        endpoints.MapCreateLead();
        endpoints.MapLeadRecord();
        endpoints.MapLeadActions();
        endpoints.MapConvertLead();
        endpoints.MapImportLeads();
    }
}
