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

/// <summary>Counts and amounts per stage (open stages weighted by probability), from the running totals.</summary>
internal sealed record FunnelQuery(FunnelFilter Filter) : IRequest<FunnelResponse>, IFunnelQuery;

internal sealed class FunnelQueryValidator : FunnelFilterValidator<FunnelQuery>;

internal sealed class FunnelHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<FunnelQuery, FunnelResponse>
{
    public async Task<FunnelResponse> Handle(FunnelQuery query, CancellationToken cancellationToken)
    {
        var pipeline = await PipelineAsync(query.Filter.PipelineId, cancellationToken);
        var rows = await query.Filter.Apply(db.FunnelTotals.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)), pipeline.Id)
            .GroupBy(t => t.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Sum(t => t.Count), Amount = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);
        var byStage = rows.ToDictionary(r => r.StageId);
        var stages = pipeline.Stages.OrderBy(s => s.Order).Select(s =>
        {
            var row = byStage.GetValueOrDefault(s.Id);
            var amount = row?.Amount ?? 0m;
            return new FunnelStage(s.Id, s.Name, s.Kind, s.Probability, row?.Count ?? 0, amount, s.Kind == StageKind.Open ? Money.Round(amount * s.Probability / 100m) : 0m);
        }).ToList();
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        return new FunnelResponse(pipeline.Id, pipeline.Name, stages, open.Sum(s => s.Count), open.Sum(s => s.Amount), open.Sum(s => s.WeightedAmount));
    }
    private async Task<Pipeline> PipelineAsync(Guid? id, CancellationToken cancellationToken) =>
        await db.Pipelines.AsNoTracking().Include(p => p.Stages)
            .Where(p => id == null ? p.IsDefault : p.Id == id)
            .FirstOrDefaultAsync(cancellationToken)
        ?? (id is null ? await db.LoadPipelineOrDefaultAsync(null, cancellationToken) : throw new NotFoundException($"Pipeline {id} does not exist."));
}

internal static class FunnelEndpoint
{
    internal static void MapFunnel(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/funnel", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FunnelQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("Funnel")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The funnel by stage: count, amount and weighted amount (default pipeline unless pipelineId; from/to as yyyy-MM limit by expected or actual close month)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
