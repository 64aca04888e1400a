using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Opportunities;

internal sealed record StageHistoryQuery(Guid Id) : IRequest<IReadOnlyList<StageChangeResponse>>;

internal sealed class StageHistoryHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<StageHistoryQuery, IReadOnlyList<StageChangeResponse>>
{
    public async Task<IReadOnlyList<StageChangeResponse>> Handle(StageHistoryQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Opportunities.VisibleTo(await visibility.GetScopeAsync(cancellationToken)).AnyAsync(o => o.Id == query.Id, cancellationToken))
        {
            throw new NotFoundException($"Opportunity {query.Id} does not exist.");
        }

        return await db.OpportunityStageChanges.AsNoTracking()
            .Where(s => s.OpportunityId == query.Id)
            .OrderBy(s => s.ChangedAtUtc).ThenBy(s => s.Id)
            .Select(s => new StageChangeResponse(s.FromStageId, s.FromStage, s.ToStageId, s.ToStage, s.Amount, s.ChangedAtUtc, s.ChangedBy))
            .ToListAsync(cancellationToken);
    }
}

internal static class StageHistoryEndpoint
{
    internal static void MapStageHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opportunities/{id:guid}/stage-history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StageHistoryQuery(id), ct)))
            .WithName("OpportunityStageHistory")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Every stage the opportunity went through, with timestamps")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
