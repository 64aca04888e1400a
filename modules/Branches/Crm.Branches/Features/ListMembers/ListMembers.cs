using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Identity;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.ListMembers;

/// <summary>The memberships running on <see cref="On"/> (default: today, UTC), of every unit: who is where on that day.</summary>
internal sealed record ListMembersQuery(DateOnly? On) : IRequest<IReadOnlyList<MembershipResponse>>;

internal sealed class ListMembersHandler(BranchesDbContext db, TimeProvider clock) : IRequestHandler<ListMembersQuery, IReadOnlyList<MembershipResponse>>
{
    public async Task<IReadOnlyList<MembershipResponse>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        var day = query.On ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (await db.Memberships.AsNoTracking()
                .Where(m => m.From <= day && (m.To == null || m.To >= day))
                .OrderBy(m => m.UnitId).ThenBy(m => m.From).ThenBy(m => m.PersonId)
                .ToListAsync(cancellationToken))
            .Select(MembershipResponse.Of).ToList();
    }
}

internal static class ListMembersEndpoint
{
    internal static RouteHandlerBuilder MapListMembers(this IEndpointRouteBuilder app) =>
        app.MapGet("/members", async Task<Ok<IReadOnlyList<MembershipResponse>>> (DateOnly? on, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListMembersQuery(on), cancellationToken)))
            .WithName("ListMembers")
            .WithSummary("Who belongs to which unit on a day (default today): every running membership")
            .RequireAuthorization(CrmPolicies.OrganisationRead);
}
