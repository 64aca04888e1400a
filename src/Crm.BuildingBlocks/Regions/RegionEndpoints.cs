using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.BuildingBlocks.Regions;

/// <summary>The division and its place in the tree, for a picker or an address shown by its code.</summary>
public sealed record RegionResponse(string Code, string Name, DivisionLevel Level, IReadOnlyList<AdministrativeDivision> Path, IReadOnlyList<AdministrativeDivision> Children);

/// <summary><c>/api/regions</c>: the administrative divisions, for clients that fill their own pickers (ADR 0136).</summary>
internal static class RegionEndpoints
{
    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder endpoints)
    {
        var regions = endpoints.MapGroup("/api/regions").WithTags("Regions").RequireAuthorization(CrmPolicies.SignedIn);
        regions.MapGet("/", (IAdministrativeDivisions divisions) => TypedResults.Ok(divisions.Provinces))
            .WithName("ListProvinces")
            .WithSummary("China's provinces, autonomous regions and municipalities with their GB/T 2260 codes")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        regions.MapGet("/{code}", Ok<RegionResponse> (string code, IAdministrativeDivisions divisions) =>
                divisions.Find(code) is { } division
                    ? TypedResults.Ok(new RegionResponse(division.Code, division.Name, division.Level, divisions.PathOf(code), divisions.ChildrenOf(code)))
                    : throw new NotFoundException($"There is no administrative division with the code {code}."))
            .WithName("GetRegion")
            .WithSummary("One division by its code: its path from the province down and the divisions directly below it")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
