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

internal sealed record RemoveParticipantCommand(Guid CampaignId, Guid ParticipantId) : IRequest<CampaignResponse>;

internal sealed class RemoveParticipantHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<RemoveParticipantCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(RemoveParticipantCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        campaign.RemoveParticipant(command.ParticipantId, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
}

internal static class RemoveParticipantEndpoint
{
    internal static void MapRemoveParticipant(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/campaigns/{id:guid}/participants/{participantId:guid}", async (Guid id, Guid participantId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveParticipantCommand(id, participantId), ct)))
            .WithName("RemoveCampaignParticipant")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remove a participant")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
