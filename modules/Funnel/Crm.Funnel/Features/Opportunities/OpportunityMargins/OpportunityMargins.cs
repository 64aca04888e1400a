using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Funnel.Features.Opportunities.OpportunityMargins;

internal sealed record OpportunityMarginsQuery(Guid Id) : IRequest<MarginsResponse>;

internal sealed class OpportunityMarginsHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<OpportunityMarginsQuery, MarginsResponse>
{
    public async Task<MarginsResponse> Handle(OpportunityMarginsQuery query, CancellationToken cancellationToken)
    {
        var opportunity = await db.LoadOpportunityAsync(query.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        return MarginsResponse.From(opportunity.Currency, opportunity.Lines);
    }
}

internal static class OpportunityMarginsEndpoint
{
    internal static void MapOpportunityMargins(this IEndpointRouteBuilder app) =>
        app.MapGet("/opportunities/{id:guid}/margins", async Task<Ok<MarginsResponse>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new OpportunityMarginsQuery(id), ct)))
            .WithName("GetOpportunityMargins")
            .RequireAuthorization(CrmPolicies.Margins)
            .WithSummary("Margin per line and in total (net less standard cost), for those who may see costs")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
