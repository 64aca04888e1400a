using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.GetUnit;

/// <summary>A unit and who belongs to it on <see cref="On"/> (default: today, UTC; a page asks for its reader's today).</summary>
internal sealed record GetUnitQuery(Guid Id, DateOnly? On = null) : IRequest<UnitDetailResponse>;

/// <summary>A unit with the people whose membership of it is active on the day asked for.</summary>
internal sealed record UnitDetailResponse(UnitResponse Unit, IReadOnlyList<MembershipResponse> Members) : IVersioned
{
    long IVersioned.Version => Unit.Version;
}

internal sealed class GetUnitHandler(BranchesDbContext db, TimeProvider clock) : IRequestHandler<GetUnitQuery, UnitDetailResponse>
{
    public async Task<UnitDetailResponse> Handle(GetUnitQuery query, CancellationToken cancellationToken)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == query.Id, cancellationToken)
                   ?? throw new NotFoundException($"Unit {query.Id} does not exist.");
        var today = query.On ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.UnitId == unit.Id && m.From <= today && (m.To == null || m.To >= today))
            .OrderBy(m => m.From).ThenBy(m => m.PersonId)
            .ToListAsync(cancellationToken);
        return new UnitDetailResponse(UnitResponse.From(unit), members.Select(MembershipResponse.Of).ToList());
    }
}

internal static class GetUnitEndpoint
{
    internal static RouteHandlerBuilder MapGetUnit(this IEndpointRouteBuilder app) =>
        app.MapGet("/units/{id:guid}", async Task<Ok<UnitDetailResponse>> (Guid id, DateOnly? on, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var unit = await mediator.Send(new GetUnitQuery(id, on), cancellationToken);
                return Versioning.Ok(response, unit);
            })
            .WithName("GetUnit")
            .WithSummary("One unit and its members on a day (default today); the ETag is the version to send back in If-Match")
            .RequireAuthorization(CrmPolicies.OrganisationRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
