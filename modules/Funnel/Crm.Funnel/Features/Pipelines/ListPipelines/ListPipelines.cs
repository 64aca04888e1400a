using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Pipelines;

internal sealed record ListPipelinesQuery : IRequest<IReadOnlyList<PipelineResponse>>;

internal sealed class ListPipelinesHandler(FunnelDbContext db) : IRequestHandler<ListPipelinesQuery, IReadOnlyList<PipelineResponse>>
{
    public async Task<IReadOnlyList<PipelineResponse>> Handle(ListPipelinesQuery query, CancellationToken cancellationToken) =>
        (await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken))
        .Select(PipelineResponse.From).ToList();
}

internal static class ListPipelinesEndpoint
{
    internal static void MapListPipelines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pipelines", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListPipelinesQuery(), ct)))
            .WithName("ListPipelines")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Sales pipelines with their stages and probabilities (the default first)");
    }
}
