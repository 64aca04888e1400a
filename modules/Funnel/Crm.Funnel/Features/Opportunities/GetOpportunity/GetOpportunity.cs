using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Opportunities;

internal sealed record GetOpportunityQuery(Guid Id) : IRequest<OpportunityResponse>;

internal sealed class GetOpportunityHandler(FunnelDbContext db, IRecordVisibility visibility, CustomFieldValues customFields) : IRequestHandler<GetOpportunityQuery, OpportunityResponse>
{
    public async Task<OpportunityResponse> Handle(GetOpportunityQuery query, CancellationToken cancellationToken)
    {
        var opportunity = await db.Opportunities.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)).Include(o => o.Lines)
                              .FirstOrDefaultAsync(o => o.Id == query.Id, cancellationToken)
                          ?? throw new NotFoundException($"Opportunity {query.Id} does not exist.");
        return OpportunityResponse.From(opportunity, await db.LoadPipelineAsync(opportunity.PipelineId, cancellationToken)) with
        {
            CustomFields = await customFields.ReadAsync(db, FunnelCustomFields.Opportunity, opportunity.Id, cancellationToken),
        };
    }
}

internal static class GetOpportunityEndpoint
{
    internal static void MapGetOpportunity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opportunities/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(new GetOpportunityQuery(id), ct)))
            .WithName("GetOpportunity")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One opportunity with its lines, stage and weighted amount")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
