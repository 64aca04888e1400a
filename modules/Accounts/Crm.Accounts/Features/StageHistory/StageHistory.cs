using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.StageHistory;

internal sealed record StageHistoryQuery(Guid AccountId) : IRequest<IReadOnlyList<StageChangeResponse>>;

internal sealed record StageChangeResponse(LifecycleStage? FromStage, LifecycleStage ToStage, string? Reason, DateTime ChangedAt, string ChangedBy);

internal sealed class StageHistoryHandler(AccountsDbContext db, IRecordVisibility visibility) : IRequestHandler<StageHistoryQuery, IReadOnlyList<StageChangeResponse>>
{
    public async Task<IReadOnlyList<StageChangeResponse>> Handle(StageHistoryQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureVisibleAsync(query.AccountId, visibility, cancellationToken);
        return await db.StageChanges.AsNoTracking()
            .Where(s => s.AccountId == query.AccountId)
            .OrderBy(s => s.ChangedAtUtc).ThenBy(s => s.Id)
            .Select(s => new StageChangeResponse(s.FromStage, s.ToStage, s.Reason, s.ChangedAtUtc, s.ChangedBy))
            .ToListAsync(cancellationToken);
    }
}

internal static class StageHistoryEndpoint
{
    internal static RouteHandlerBuilder MapStageHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/{id:guid}/stage-history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StageHistoryQuery(id), ct)))
            .WithName("AccountStageHistory")
            .WithSummary("Every lifecycle change of an account with its date")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
