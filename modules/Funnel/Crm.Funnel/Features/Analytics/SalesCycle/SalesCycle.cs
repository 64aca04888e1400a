using System.Globalization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
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

namespace Crm.Funnel.Features.Analytics;

/// <summary>Average days from opening to closing, for opportunities closed in the months (won and lost apart).</summary>
internal sealed record SalesCycleQuery(FunnelFilter Filter) : IRequest<SalesCycleResponse>, IFunnelQuery;

internal sealed class SalesCycleQueryValidator : FunnelFilterValidator<SalesCycleQuery>;

internal sealed class SalesCycleHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<SalesCycleQuery, SalesCycleResponse>
{
    public async Task<SalesCycleResponse> Handle(SalesCycleQuery query, CancellationToken cancellationToken)
    {
        var pipeline = await PipelineAsync(query.Filter.PipelineId, cancellationToken);
        var won = pipeline.WonStage.Id;
        var lost = pipeline.LostStage.Id;
        var rows = await query.Filter.Apply(db.FunnelTotals.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)), pipeline.Id)
            .Where(t => t.StageId == won || t.StageId == lost)
            .GroupBy(t => new { t.StageId, t.OwnerKey })
            .Select(g => new { g.Key.StageId, g.Key.OwnerKey, Count = g.Sum(t => t.Count), Days = g.Sum(t => t.CycleDays), Amount = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);
        var wins = rows.Where(r => r.StageId == won).ToList();
        var losses = rows.Where(r => r.StageId == lost).ToList();
        var owners = wins.Select(r => new SalesCycleOwner(r.OwnerKey == Guid.Empty ? null : r.OwnerKey, r.Count, Average(r.Days, r.Count), r.Amount))
            .OrderByDescending(o => o.WonAmount).ToList();
        return new SalesCycleResponse(
            wins.Sum(r => r.Count), Average(wins.Sum(r => r.Days), wins.Sum(r => r.Count)),
            losses.Sum(r => r.Count), Average(losses.Sum(r => r.Days), losses.Sum(r => r.Count)),
            owners);
    }
    private async Task<Pipeline> PipelineAsync(Guid? id, CancellationToken cancellationToken) =>
        await db.Pipelines.AsNoTracking().Include(p => p.Stages)
            .Where(p => id == null ? p.IsDefault : p.Id == id)
            .FirstOrDefaultAsync(cancellationToken)
        ?? (id is null ? await db.LoadPipelineOrDefaultAsync(null, cancellationToken) : throw new NotFoundException($"Pipeline {id} does not exist."));
    private static decimal? Average(long days, long count) => count == 0 ? null : decimal.Round((decimal)days / count, 1, MidpointRounding.AwayFromZero);
}

internal static class SalesCycleEndpoint
{
    internal static void MapSalesCycle(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/sales-cycle", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SalesCycleQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("SalesCycle")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Average days from opening to winning (and losing) for opportunities closed in from..to, per owner")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
