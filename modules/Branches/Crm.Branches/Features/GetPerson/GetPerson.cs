using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.GetPerson;

internal sealed record GetPersonQuery(Guid PersonId) : IRequest<PersonResponse>;

/// <summary>
/// Where a person stands today: their primary unit, who they report to (and up), whether that is an explicit
/// reporting line, and their membership history.
/// </summary>
internal sealed record PersonResponse(
    Guid PersonId, Guid? UnitId, IReadOnlyList<Guid> ManagerChain, Guid? ReportsToOverride, IReadOnlyList<MembershipResponse> Memberships);

internal sealed class GetPersonHandler(BranchesDbContext db, IOrganisation organisation, TimeProvider clock) : IRequestHandler<GetPersonQuery, PersonResponse>
{
    public async Task<PersonResponse> Handle(GetPersonQuery query, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.PersonId == query.PersonId).OrderBy(m => m.From).ToListAsync(cancellationToken);
        var line = await db.ReportingLines.AsNoTracking().FirstOrDefaultAsync(r => r.PersonId == query.PersonId, cancellationToken);
        return new PersonResponse(
            query.PersonId,
            await organisation.UnitOfAsync(query.PersonId, today, cancellationToken),
            await organisation.ManagerChainAsync(query.PersonId, today, cancellationToken),
            line?.ManagerId,
            memberships.Select(MembershipResponse.Of).ToList());
    }
}

internal static class GetPersonEndpoint
{
    internal static RouteHandlerBuilder MapGetPerson(this IEndpointRouteBuilder app) =>
        app.MapGet("/people/{personId:guid}", async Task<Ok<PersonResponse>> (Guid personId, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetPersonQuery(personId), cancellationToken)))
            .WithName("GetPerson")
            .WithSummary("A person's unit today, manager chain, explicit reporting line and membership history")
            .RequireAuthorization(CrmPolicies.OrganisationRead);
}
