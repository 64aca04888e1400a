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

internal sealed record GetPipelineQuery(Guid Id) : IRequest<PipelineResponse>;

internal sealed class GetPipelineHandler(FunnelDbContext db) : IRequestHandler<GetPipelineQuery, PipelineResponse>
{
    public async Task<PipelineResponse> Handle(GetPipelineQuery query, CancellationToken cancellationToken) =>
        PipelineResponse.From(await db.LoadPipelineAsync(query.Id, cancellationToken));
}

internal static class GetPipelineEndpoint
{
    internal static void MapGetPipeline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pipelines/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) => Versioning.Ok(response, await mediator.Send(new GetPipelineQuery(id), ct)))
            .WithName("GetPipeline")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One pipeline with its stages")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
