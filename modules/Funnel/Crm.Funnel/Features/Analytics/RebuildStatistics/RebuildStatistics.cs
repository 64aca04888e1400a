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

/// <summary>Recomputes the running totals from the opportunities (after bulk loads; an administrator's repair).</summary>
internal sealed record RebuildStatisticsCommand(Guid? PipelineId) : IRequest<RebuildResponse>;

internal sealed class RebuildStatisticsHandler(FunnelDbContext db) : IRequestHandler<RebuildStatisticsCommand, RebuildResponse>
{
    public async Task<RebuildResponse> Handle(RebuildStatisticsCommand command, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await StatisticsStore.RebuildAsync(db, command.PipelineId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RebuildResponse(await db.FunnelTotals.CountAsync(cancellationToken), await db.StageReach.CountAsync(cancellationToken));
    }
}

internal static class RebuildStatisticsEndpoint
{
    internal static void MapRebuildStatistics(this IEndpointRouteBuilder app)
    {
        app.MapPost("/analytics/rebuild", async (Guid? pipelineId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RebuildStatisticsCommand(pipelineId), ct)))
            .WithName("RebuildFunnelStatistics")
            .RequireAuthorization(CrmPolicies.FunnelSetup)
            .WithSummary("Recompute the funnel statistics from the opportunities (after a bulk load or a repair)");
    }
}
