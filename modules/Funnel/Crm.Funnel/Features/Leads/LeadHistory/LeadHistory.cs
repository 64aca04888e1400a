using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

/// <summary>The assignment history of a lead: who had it, from when, by which strategy.</summary>
internal sealed record LeadHistoryQuery(Guid Id) : IRequest<IReadOnlyList<AssignmentResponse>>;

internal sealed class LeadHistoryHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<LeadHistoryQuery, IReadOnlyList<AssignmentResponse>>
{
    public async Task<IReadOnlyList<AssignmentResponse>> Handle(LeadHistoryQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Leads.VisibleTo(await visibility.GetScopeAsync(cancellationToken)).AnyAsync(l => l.Id == query.Id, cancellationToken))
        {
            throw new NotFoundException($"Lead {query.Id} does not exist.");
        }

        return await db.LeadAssignments.AsNoTracking()
            .Where(a => a.LeadId == query.Id)
            .OrderBy(a => a.AssignedAtUtc)
            .Select(a => new AssignmentResponse(a.Id, a.FromOwnerId, a.ToOwnerId, a.Queue, a.Strategy, a.Reason, a.AssignedBy, a.AssignedAtUtc))
            .ToListAsync(cancellationToken);
    }
}

internal static class LeadHistoryEndpoint
{
    internal static void MapLeadHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leads/{id:guid}/assignments", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new LeadHistoryQuery(id), ct)))
            .WithName("ListLeadAssignments")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Who the lead was assigned to, when and how (round robin, least loaded, rule, queue, by hand)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
