using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Identity;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.ListUnits;

internal sealed record ListUnitsQuery : IRequest<IReadOnlyList<UnitResponse>>;

internal sealed class ListUnitsHandler(BranchesDbContext db) : IRequestHandler<ListUnitsQuery, IReadOnlyList<UnitResponse>>
{
    // Ordered by path, so every parent comes before its children and a page can draw the tree in one pass.
    public async Task<IReadOnlyList<UnitResponse>> Handle(ListUnitsQuery query, CancellationToken cancellationToken) =>
        (await db.Units.AsNoTracking().OrderBy(u => u.Path).ToListAsync(cancellationToken)).Select(UnitResponse.From).ToList();
}

internal static class ListUnitsEndpoint
{
    internal static RouteHandlerBuilder MapListUnits(this IEndpointRouteBuilder app) =>
        app.MapGet("/units", async Task<Ok<IReadOnlyList<UnitResponse>>> (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListUnitsQuery(), cancellationToken)))
            .WithName("ListUnits")
            .WithSummary("Every unit of the organisation, parents before children")
            .RequireAuthorization(CrmPolicies.OrganisationRead);
}
