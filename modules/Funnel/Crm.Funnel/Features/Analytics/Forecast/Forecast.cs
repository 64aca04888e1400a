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

/// <summary>Weighted forecast per expected close month and owner: open amount × stage probability, plus what is already won.</summary>
internal sealed record ForecastQuery(FunnelFilter Filter) : IRequest<ForecastResponse>, IFunnelQuery;

internal sealed class ForecastQueryValidator : FunnelFilterValidator<ForecastQuery>
{
    public ForecastQueryValidator() =>
        RuleFor(q => q.Filter).Must(f => f.FromMonth is null || f.ToMonth is null || (f.ToMonth / 100 * 12 + f.ToMonth % 100) - (f.FromMonth / 100 * 12 + f.FromMonth % 100) < 60)
            .OverridePropertyName("to").WithMessage("A forecast spans at most 60 months.");
}

internal sealed class ForecastHandler(FunnelDbContext db, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<ForecastQuery, ForecastResponse>
{
    public async Task<ForecastResponse> Handle(ForecastQuery query, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = query.Filter.FromMonth ?? MonthKey.Of(today);
        var to = query.Filter.ToMonth ?? MonthKey.Of(today.AddMonths(11));
        var filter = query.Filter with { From = FunnelFilter.Text(from), To = FunnelFilter.Text(to) };

        // Probabilities per stage of the pipeline asked for, or of every pipeline.
        var stages = await db.PipelineStages.AsNoTracking()
            .Where(s => query.Filter.PipelineId == null || s.PipelineId == query.Filter.PipelineId)
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var scope = await visibility.GetScopeAsync(cancellationToken);
        IQueryable<FunnelTotal> Filtered(IQueryable<FunnelTotal> totals, FunnelFilter f)
        {
            if (query.Filter.PipelineId is { } pipelineId)
            {
                return f.Apply(totals, pipelineId);
            }

            totals = f.OwnerId is { } owner ? totals.Where(t => t.OwnerKey == owner) : totals;
            return f.BranchId is { } branch ? totals.Where(t => t.BranchKey == branch) : totals;
        }

        var totals = Filtered(db.FunnelTotals.AsNoTracking().VisibleTo(scope).Where(t => t.Month >= from && t.Month <= to), filter);

        // Open deals are counted under their expected close month; a month already past holds only overdue ones.
        var thisMonth = MonthKey.Of(today);
        var openStages = stages.Values.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList();
        var overdueRows = await Filtered(db.FunnelTotals.AsNoTracking().VisibleTo(scope).Where(t => t.Month < thisMonth && openStages.Contains(t.StageId)),
                query.Filter with { From = null, To = null })
            .GroupBy(t => t.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Sum(t => t.Count), Amount = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);
        var overdue = new ForecastOverdue(
            overdueRows.Sum(r => r.Count), overdueRows.Sum(r => r.Amount),
            Money.Round(overdueRows.Sum(r => r.Amount * stages[r.StageId].Probability / 100m)));

        var rows = await totals
            .GroupBy(t => new { t.Month, t.OwnerKey, t.StageId })
            .Select(g => new { g.Key.Month, g.Key.OwnerKey, g.Key.StageId, Count = g.Sum(t => t.Count), Amount = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);

        var result = rows
            .Where(r => stages.ContainsKey(r.StageId) && stages[r.StageId].Kind != StageKind.Lost)
            .GroupBy(r => (r.Month, r.OwnerKey))
            .Select(g =>
            {
                var open = g.Where(r => stages[r.StageId].Kind == StageKind.Open).ToList();
                var won = g.Where(r => stages[r.StageId].Kind == StageKind.Won).ToList();
                return new ForecastRow(
                    FunnelFilter.Text(g.Key.Month), g.Key.OwnerKey == Guid.Empty ? null : g.Key.OwnerKey,
                    open.Sum(r => r.Count), open.Sum(r => r.Amount), Money.Round(open.Sum(r => r.Amount * stages[r.StageId].Probability / 100m)),
                    won.Sum(r => r.Count), won.Sum(r => r.Amount));
            })
            .OrderBy(r => r.Month).ThenBy(r => r.OwnerId)
            .ToList();
        var months = new List<ForecastMonth>();
        for (var m = from; m <= to; m = m % 100 == 12 ? m + 89 : m + 1)
        {
            var text = FunnelFilter.Text(m);
            var inMonth = result.Where(r => r.Month == text).ToList();
            months.Add(new ForecastMonth(text, inMonth.Sum(r => r.OpenCount), inMonth.Sum(r => r.OpenAmount), inMonth.Sum(r => r.WeightedAmount),
                inMonth.Sum(r => r.WonCount), inMonth.Sum(r => r.WonAmount)));
        }

        return new ForecastResponse(FunnelFilter.Text(from), FunnelFilter.Text(to), months, result, overdue);
    }
}

internal static class ForecastEndpoint
{
    internal static void MapForecast(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/forecast", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ForecastQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("Forecast")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Weighted forecast by month and owner (default: this month and the next 11; all pipelines unless pipelineId)")
            .ProducesValidationProblem();
    }
}
