using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Analytics;

/// <summary>
/// The pipeline board: one column per stage with its count and amount (open stages: everything open; Won and Lost:
/// closed this month) and the first cards. A column's further cards come from
/// <c>GET /opportunities?stageId=…&amp;cursor=…</c>; a drag is <c>POST /opportunities/{id}/stage</c>.
/// </summary>
internal sealed record BoardQuery(Guid? PipelineId, Guid? OwnerId, int Take) : IRequest<BoardResponse>;

internal sealed record BoardResponse(Guid PipelineId, string Pipeline, IReadOnlyList<BoardColumn> Columns);

internal sealed record BoardColumn(Guid StageId, string Name, StageKind Kind, int Probability, long Count, decimal Amount, decimal WeightedAmount, IReadOnlyList<BoardCard> Cards);

/// <param name="Overdue">Still open although its expected close date has passed: the board highlights it.</param>
internal sealed record BoardCard(Guid Id, string Name, Guid AccountId, decimal Amount, DateOnly ExpectedCloseDate, Guid? OwnerId, string? NextStep, DateTime StageChangedAt, long Version, bool Overdue = false);

internal sealed class BoardQueryValidator : AbstractValidator<BoardQuery>
{
    public BoardQueryValidator() => RuleFor(q => q.Take).InclusiveBetween(0, 100).WithMessage("take is between 0 and 100 cards per column.");
}

internal sealed class BoardHandler(FunnelDbContext db, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<BoardQuery, BoardResponse>
{
    public async Task<BoardResponse> Handle(BoardQuery query, CancellationToken cancellationToken)
    {
        var pipeline = await db.LoadPipelineOrDefaultAsync(query.PipelineId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var month = MonthKey.Of(now);
        var closedIds = pipeline.Stages.Where(s => s.Kind != StageKind.Open).Select(s => s.Id).ToList();
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var totals = db.FunnelTotals.AsNoTracking().VisibleTo(scope).Where(t => t.PipelineId == pipeline.Id && (!closedIds.Contains(t.StageId) || t.Month == month));
        if (query.OwnerId is { } owner)
        {
            totals = totals.Where(t => t.OwnerKey == owner);
        }

        var sums = await totals.GroupBy(t => t.StageId).Select(g => new { StageId = g.Key, Count = g.Sum(t => t.Count), Amount = g.Sum(t => t.Amount) })
            .ToDictionaryAsync(r => r.StageId, cancellationToken);
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var columns = new List<BoardColumn>();
        foreach (var stage in pipeline.Stages.OrderBy(s => s.Order))
        {
            var cards = db.Opportunities.AsNoTracking().VisibleTo(scope).Where(o => o.StageId == stage.Id);
            if (query.OwnerId is { } ownerId)
            {
                cards = cards.Where(o => o.OwnerId == ownerId);
            }

            // Open columns: what closes soonest first. Won/Lost: this month's, latest first.
            cards = stage.Kind == StageKind.Open
                ? cards.OrderBy(o => o.ExpectedCloseDate).ThenBy(o => o.Id)
                // No id tie-breaker here: close times are 100 ns apart, and the (StageId, ClosedAtUtc) index then yields
                // the latest rows in order and stops after a page instead of sorting the whole month.
                : cards.Where(o => o.ClosedAtUtc >= monthStart).OrderByDescending(o => o.ClosedAtUtc);
            var list = query.Take == 0
                ? []
                : await cards.Take(query.Take)
                    .Select(o => new BoardCard(o.Id, o.Name, o.AccountId, o.Amount, o.ExpectedCloseDate, o.OwnerId, o.NextStep, o.StageChangedAtUtc, o.Version))
                    .ToListAsync(cancellationToken);
            if (stage.Kind == StageKind.Open)
            {
                var today = DateOnly.FromDateTime(now);
                list = list.Select(c => c.ExpectedCloseDate < today ? c with { Overdue = true } : c).ToList();
            }

            var sum = sums.GetValueOrDefault(stage.Id);
            var amount = sum?.Amount ?? 0m;
            columns.Add(new BoardColumn(stage.Id, stage.Name, stage.Kind, stage.Probability, sum?.Count ?? 0, amount,
                stage.Kind == StageKind.Open ? Money.Round(amount * stage.Probability / 100m) : 0m, list));
        }

        return new BoardResponse(pipeline.Id, pipeline.Name, columns);
    }
}

internal static class BoardEndpoint
{
    internal static RouteHandlerBuilder MapBoard(this IEndpointRouteBuilder app) =>
        app.MapGet("/board", async (Guid? pipelineId, Guid? ownerId, int? take, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new BoardQuery(pipelineId, ownerId, take ?? 20), ct)))
            .WithName("PipelineBoard")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The pipeline board: per stage its count, amount, weighted amount and first cards (drag = POST /opportunities/{id}/stage)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
