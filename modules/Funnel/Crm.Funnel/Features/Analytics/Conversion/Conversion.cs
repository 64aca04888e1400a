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

/// <summary>How many opportunities created in the months reached each stage, and the rate from each stage to the next.</summary>
internal sealed record ConversionQuery(FunnelFilter Filter) : IRequest<ConversionResponse>, IFunnelQuery;

internal sealed class ConversionQueryValidator : FunnelFilterValidator<ConversionQuery>;

internal sealed class ConversionHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<ConversionQuery, ConversionResponse>
{
    public async Task<ConversionResponse> Handle(ConversionQuery query, CancellationToken cancellationToken)
    {
        var pipeline = await PipelineAsync(query.Filter.PipelineId, cancellationToken);
        var reach = db.StageReach.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)).Where(r => r.PipelineId == pipeline.Id);
        if (query.Filter.OwnerId is { } owner)
        {
            reach = reach.Where(r => r.OwnerKey == owner);
        }

        if (query.Filter.BranchId is { } branch)
        {
            reach = reach.Where(r => r.BranchKey == branch);
        }

        if (query.Filter.FromMonth is { } from)
        {
            reach = reach.Where(r => r.Month >= from);
        }

        if (query.Filter.ToMonth is { } to)
        {
            reach = reach.Where(r => r.Month <= to);
        }

        var counts = await reach.GroupBy(r => r.StageId).Select(g => new { StageId = g.Key, Count = g.Sum(r => r.Count) })
            .ToDictionaryAsync(r => r.StageId, r => r.Count, cancellationToken);
        var ordered = pipeline.Stages.Where(s => s.Kind != StageKind.Lost).OrderBy(s => s.Order).ToList();
        var stages = ordered.Select((s, i) =>
        {
            var reached = counts.GetValueOrDefault(s.Id);
            var next = i + 1 < ordered.Count ? counts.GetValueOrDefault(ordered[i + 1].Id) : (long?)null;
            return new ConversionStage(s.Id, s.Name, s.Kind, reached, next is null || reached == 0 ? null : Percent(next.Value, reached));
        }).ToList();
        var first = stages.Count > 0 ? stages[0].Reached : 0;
        var won = stages.LastOrDefault(s => s.Kind == StageKind.Won)?.Reached ?? 0;
        return new ConversionResponse(pipeline.Id, stages, first == 0 ? null : Percent(won, first));
    }
    private async Task<Pipeline> PipelineAsync(Guid? id, CancellationToken cancellationToken) =>
        await db.Pipelines.AsNoTracking().Include(p => p.Stages)
            .Where(p => id == null ? p.IsDefault : p.Id == id)
            .FirstOrDefaultAsync(cancellationToken)
        ?? (id is null ? await db.LoadPipelineOrDefaultAsync(null, cancellationToken) : throw new NotFoundException($"Pipeline {id} does not exist."));
    private static decimal Percent(long part, long whole) => decimal.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);
}

internal static class ConversionEndpoint
{
    internal static void MapConversion(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/conversion", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ConversionQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("Conversion")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Conversion between stages for opportunities created in from..to (yyyy-MM): reached per stage, rate to the next, win rate")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
