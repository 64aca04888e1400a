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

/// <summary>Filters shared by the funnel views. Months are "yyyy-MM"; null means unbounded.</summary>
internal sealed record FunnelFilter(Guid? PipelineId, Guid? OwnerId, Guid? BranchId, string? From, string? To)
{
    public int? FromMonth => Month(From);

    public int? ToMonth => Month(To);

    public static bool IsMonth(string? text) => text is null || Month(text) is not null;

    public static int? Month(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? MonthKey.Of(date) : null;

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

internal sealed record FunnelResponse(Guid PipelineId, string Pipeline, IReadOnlyList<FunnelStage> Stages, long OpenCount, decimal OpenAmount, decimal WeightedAmount);

internal sealed record FunnelStage(Guid StageId, string Name, StageKind Kind, int Probability, long Count, decimal Amount, decimal WeightedAmount);

// ---- Forecast ---------------------------------------------------------------------------------------------------

/// <param name="Overdue">
/// Open deals whose expected close month has passed: not in any month of the forecast, but still in the pipeline, so
/// shown on their own rather than dropped.
/// </param>
internal sealed record ForecastResponse(string From, string To, IReadOnlyList<ForecastMonth> Months, IReadOnlyList<ForecastRow> Rows, ForecastOverdue Overdue);

internal sealed record ForecastOverdue(long OpenCount, decimal OpenAmount, decimal WeightedAmount);

internal sealed record ForecastMonth(string Month, long OpenCount, decimal OpenAmount, decimal WeightedAmount, long WonCount, decimal WonAmount);

internal sealed record ForecastRow(string Month, Guid? OwnerId, long OpenCount, decimal OpenAmount, decimal WeightedAmount, long WonCount, decimal WonAmount);

// ---- Conversion -------------------------------------------------------------------------------------------------

internal sealed record ConversionResponse(Guid PipelineId, IReadOnlyList<ConversionStage> Stages, decimal? WinRatePercent);

internal sealed record ConversionStage(Guid StageId, string Name, StageKind Kind, long Reached, decimal? ToNextPercent);

// ---- Sales cycle ------------------------------------------------------------------------------------------------

internal sealed record SalesCycleResponse(long Won, decimal? AverageDaysToWin, long Lost, decimal? AverageDaysToLose, IReadOnlyList<SalesCycleOwner> Owners);

internal sealed record SalesCycleOwner(Guid? OwnerId, long Won, decimal? AverageDaysToWin, decimal WonAmount);

internal sealed record RebuildResponse(int Totals, int Reach);
