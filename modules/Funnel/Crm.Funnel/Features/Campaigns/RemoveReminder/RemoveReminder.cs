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

internal sealed record RemoveReminderCommand(Guid CampaignId, Guid ReminderId) : IRequest<CampaignResponse>;

internal sealed class RemoveReminderHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<RemoveReminderCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(RemoveReminderCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        campaign.RemoveReminder(command.ReminderId, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
}

internal static class RemoveReminderEndpoint
{
    internal static void MapRemoveReminder(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/campaigns/{id:guid}/reminders/{reminderId:guid}", async (Guid id, Guid reminderId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveReminderCommand(id, reminderId), ct)))
            .WithName("RemoveCampaignReminder")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remove a reminder")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
