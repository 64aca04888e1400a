using Crm.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Api;

/// <summary>
/// The Elsa 3 REST API that Elsa Studio (the designer) talks to, mounted at <see cref="Prefix"/>; the routes and shapes
/// follow the Elsa Studio contract (design note elsa-studio-contract.md, summarised in docs/workflows.md). Instance routes run workflows through the runtime.
/// </summary>
internal static class ElsaApi
{
    /// <summary>Studio's <c>remote-endpoint</c>. Its SignalR hub would resolve to <c>/elsa/hubs/...</c>, which we do not offer.</summary>
    public const string Prefix = "/elsa/api";

    public static RouteGroupBuilder MapElsaApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .WithTags("Workflows (Elsa API)")
            // An integration surface for Studio, documented by Elsa; kept out of our own OpenAPI document.
            .ExcludeFromDescription()
            // The designer's calls carry the same-origin sign-in cookie; integrations may use an API key.
            .RequireAuthorization(CrmPolicies.ProcessDesign)
            .AddEndpointFilter(ElsaApiFilters.Problems);

        api.MapDefinitionEndpoints();
        api.MapImportExportEndpoints();
        api.MapDescriptorEndpoints();
        api.MapInstanceEndpoints();
        api.MapActivityTestEndpoints();
        return api;
    }
}
