using System.Globalization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Analytics;

/// <summary>Filters shared by the funnel views. Months are "yyyy-MM"; null means unbounded.</summary>
internal sealed record FunnelFilter(Guid? PipelineId, Guid? OwnerId, Guid? BranchId, string? From, string? To)
{
    public int? FromMonth => Month(From);

    public int? ToMonth => Month(To);

    public static bool IsMonth(string? text) => text is null || Month(text) is not null;

    public static int? Month(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? Normalize.Month(date) : null;

    public static string Text(int month) => $"{month / 100:0000}-{month % 100:00}";

    public IQueryable<FunnelTotal> Apply(IQueryable<FunnelTotal> totals, Guid pipelineId)
    {
        totals = totals.Where(t => t.PipelineId == pipelineId);
        if (OwnerId is { } owner)
        {
            totals = totals.Where(t => t.OwnerKey == owner);
        }

        if (BranchId is { } branch)
        {
            totals = totals.Where(t => t.BranchKey == branch);
        }

        if (FromMonth is { } from)
        {
            totals = totals.Where(t => t.Month >= from);
        }

        if (ToMonth is { } to)
        {
            totals = totals.Where(t => t.Month <= to);
        }

        return totals;
    }
}

internal abstract class FunnelFilterValidator<T> : AbstractValidator<T>
    where T : IFunnelQuery
{
    protected FunnelFilterValidator()
    {
        RuleFor(q => q.Filter.From).Must(FunnelFilter.IsMonth).OverridePropertyName("from").WithMessage("from is a month: yyyy-MM.");
        RuleFor(q => q.Filter.To).Must(FunnelFilter.IsMonth).OverridePropertyName("to").WithMessage("to is a month: yyyy-MM.");
        RuleFor(q => q.Filter).Must(f => f.FromMonth is null || f.ToMonth is null || f.FromMonth <= f.ToMonth).OverridePropertyName("to")
            .WithMessage("to must not be before from.");
    }
}

internal interface IFunnelQuery
{
    FunnelFilter Filter { get; }
}

// ---- Funnel by stage --------------------------------------------------------------------------------------------

/// <summary>Counts and amounts per stage (open stages weighted by probability), from the running totals.</summary>
internal sealed record FunnelQuery(FunnelFilter Filter) : IRequest<FunnelResponse>, IFunnelQuery;

internal sealed record FunnelResponse(Guid PipelineId, string Pipeline, IReadOnlyList<FunnelStage> Stages, long OpenCount, decimal OpenAmount, decimal WeightedAmount);

internal sealed record FunnelStage(Guid StageId, string Name, StageKind Kind, int Probability, long Count, decimal Amount, decimal WeightedAmount);

internal sealed class FunnelQueryValidator : FunnelFilterValidator<FunnelQuery>;

// ---- Forecast ---------------------------------------------------------------------------------------------------

/// <summary>Weighted forecast per expected close month and owner: open amount × stage probability, plus what is already won.</summary>
internal sealed record ForecastQuery(FunnelFilter Filter) : IRequest<ForecastResponse>, IFunnelQuery;

/// <param name="Overdue">
/// Open deals whose expected close month has passed: not in any month of the forecast, but still in the pipeline, so
/// shown on their own rather than dropped.
/// </param>
internal sealed record ForecastResponse(string From, string To, IReadOnlyList<ForecastMonth> Months, IReadOnlyList<ForecastRow> Rows, ForecastOverdue Overdue);

internal sealed record ForecastOverdue(long OpenCount, decimal OpenAmount, decimal WeightedAmount);

internal sealed record ForecastMonth(string Month, long OpenCount, decimal OpenAmount, decimal WeightedAmount, long WonCount, decimal WonAmount);

internal sealed record ForecastRow(string Month, Guid? OwnerId, long OpenCount, decimal OpenAmount, decimal WeightedAmount, long WonCount, decimal WonAmount);

internal sealed class ForecastQueryValidator : FunnelFilterValidator<ForecastQuery>
{
    public ForecastQueryValidator() =>
        RuleFor(q => q.Filter).Must(f => f.FromMonth is null || f.ToMonth is null || (f.ToMonth / 100 * 12 + f.ToMonth % 100) - (f.FromMonth / 100 * 12 + f.FromMonth % 100) < 60)
            .OverridePropertyName("to").WithMessage("A forecast spans at most 60 months.");
}

// ---- Conversion -------------------------------------------------------------------------------------------------

/// <summary>How many opportunities created in the months reached each stage, and the rate from each stage to the next.</summary>
internal sealed record ConversionQuery(FunnelFilter Filter) : IRequest<ConversionResponse>, IFunnelQuery;

internal sealed record ConversionResponse(Guid PipelineId, IReadOnlyList<ConversionStage> Stages, decimal? WinRatePercent);

internal sealed record ConversionStage(Guid StageId, string Name, StageKind Kind, long Reached, decimal? ToNextPercent);

internal sealed class ConversionQueryValidator : FunnelFilterValidator<ConversionQuery>;

// ---- Sales cycle ------------------------------------------------------------------------------------------------

/// <summary>Average days from opening to closing, for opportunities closed in the months (won and lost apart).</summary>
internal sealed record SalesCycleQuery(FunnelFilter Filter) : IRequest<SalesCycleResponse>, IFunnelQuery;

internal sealed record SalesCycleResponse(long Won, decimal? AverageDaysToWin, long Lost, decimal? AverageDaysToLose, IReadOnlyList<SalesCycleOwner> Owners);

internal sealed record SalesCycleOwner(Guid? OwnerId, long Won, decimal? AverageDaysToWin, decimal WonAmount);

internal sealed class SalesCycleQueryValidator : FunnelFilterValidator<SalesCycleQuery>;

/// <summary>Recomputes the running totals from the opportunities (after bulk loads; an administrator's repair).</summary>
internal sealed record RebuildStatisticsCommand(Guid? PipelineId) : IRequest<RebuildResponse>;

internal sealed record RebuildResponse(int Totals, int Reach);

internal sealed class AnalyticsHandlers(FunnelDbContext db, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<FunnelQuery, FunnelResponse>,
        IRequestHandler<ForecastQuery, ForecastResponse>,
        IRequestHandler<ConversionQuery, ConversionResponse>,
        IRequestHandler<SalesCycleQuery, SalesCycleResponse>,
        IRequestHandler<RebuildStatisticsCommand, RebuildResponse>
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
            return new FunnelStage(s.Id, s.Name, s.Kind, s.Probability, row?.Count ?? 0, amount, s.Kind == StageKind.Open ? Normalize.Money(amount * s.Probability / 100m) : 0m);
        }).ToList();
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        return new FunnelResponse(pipeline.Id, pipeline.Name, stages, open.Sum(s => s.Count), open.Sum(s => s.Amount), open.Sum(s => s.WeightedAmount));
    }

    public async Task<ForecastResponse> Handle(ForecastQuery query, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = query.Filter.FromMonth ?? Normalize.Month(today);
        var to = query.Filter.ToMonth ?? Normalize.Month(today.AddMonths(11));
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
        var thisMonth = Normalize.Month(today);
        var openStages = stages.Values.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList();
        var overdueRows = await Filtered(db.FunnelTotals.AsNoTracking().VisibleTo(scope).Where(t => t.Month < thisMonth && openStages.Contains(t.StageId)),
                query.Filter with { From = null, To = null })
            .GroupBy(t => t.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Sum(t => t.Count), Amount = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);
        var overdue = new ForecastOverdue(
            overdueRows.Sum(r => r.Count), overdueRows.Sum(r => r.Amount),
            Normalize.Money(overdueRows.Sum(r => r.Amount * stages[r.StageId].Probability / 100m)));

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
                    open.Sum(r => r.Count), open.Sum(r => r.Amount), Normalize.Money(open.Sum(r => r.Amount * stages[r.StageId].Probability / 100m)),
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

    public async Task<RebuildResponse> Handle(RebuildStatisticsCommand command, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await StatisticsStore.RebuildAsync(db, command.PipelineId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RebuildResponse(await db.FunnelTotals.CountAsync(cancellationToken), await db.StageReach.CountAsync(cancellationToken));
    }

    private async Task<Pipeline> PipelineAsync(Guid? id, CancellationToken cancellationToken) =>
        await db.Pipelines.AsNoTracking().Include(p => p.Stages)
            .Where(p => id == null ? p.IsDefault : p.Id == id)
            .FirstOrDefaultAsync(cancellationToken)
        ?? (id is null ? await db.LoadPipelineOrDefaultAsync(null, cancellationToken) : throw new NotFoundException($"Pipeline {id} does not exist."));

    private static decimal Percent(long part, long whole) => decimal.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    private static decimal? Average(long days, long count) => count == 0 ? null : decimal.Round((decimal)days / count, 1, MidpointRounding.AwayFromZero);
}

internal static class AnalyticsEndpoints
{
    internal static void MapAnalytics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/funnel", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FunnelQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("Funnel")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The funnel by stage: count, amount and weighted amount (default pipeline unless pipelineId; from/to as yyyy-MM limit by expected or actual close month)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/analytics/forecast", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ForecastQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("Forecast")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Weighted forecast by month and owner (default: this month and the next 11; all pipelines unless pipelineId)")
            .ProducesValidationProblem();

        app.MapGet("/analytics/conversion", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ConversionQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("Conversion")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Conversion between stages for opportunities created in from..to (yyyy-MM): reached per stage, rate to the next, win rate")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/analytics/sales-cycle", async (Guid? pipelineId, Guid? ownerId, Guid? branchId, string? from, string? to, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SalesCycleQuery(new FunnelFilter(pipelineId, ownerId, branchId, from, to)), ct)))
            .WithName("SalesCycle")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Average days from opening to winning (and losing) for opportunities closed in from..to, per owner")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/analytics/rebuild", async (Guid? pipelineId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RebuildStatisticsCommand(pipelineId), ct)))
            .WithName("RebuildFunnelStatistics")
            .RequireAuthorization(CrmPolicies.FunnelSetup)
            .WithSummary("Recompute the funnel statistics from the opportunities (after a bulk load or a repair)");
    }
}
