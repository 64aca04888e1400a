using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
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

namespace Crm.Funnel.Features.Campaigns;

internal sealed record RemoveCostCommand(Guid CampaignId, Guid CostId) : IRequest<CampaignResponse>;

internal sealed class RemoveCostHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<RemoveCostCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(RemoveCostCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        campaign.RemoveCost(command.CostId, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
}

internal static class RemoveCostEndpoint
{
    internal static void MapRemoveCost(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/campaigns/{id:guid}/costs/{costId:guid}", async (Guid id, Guid costId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveCostCommand(id, costId), ct)))
            .WithName("RemoveCampaignCost")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remove a cost line")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
