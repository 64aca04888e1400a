using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.PublicApi;
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

/// <summary>Captures a participant as a lead attributed to the campaign (recorded at once, distributed centrally).</summary>
internal sealed record CaptureParticipantLeadCommand(Guid CampaignId, Guid ParticipantId) : IRequest<LeadResponse>;

internal sealed class CaptureParticipantLeadHandler(FunnelDbContext db, IMediator mediator) : IRequestHandler<CaptureParticipantLeadCommand, LeadResponse>
{
    public async Task<LeadResponse> Handle(CaptureParticipantLeadCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        var participant = campaign.Participant(command.ParticipantId);
        if (participant.LeadId is { } existing)
        {
            throw new ConflictException($"This participant is already lead {existing}.", new { leadId = existing });
        }

        // The same rules as any captured lead (validation, duplicate check) apply, through the create command; the lead
        // and the participant's link to it are saved in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lead = await mediator.Send(
            new CreateLeadCommand(participant.Name, participant.Company, null, participant.Email, participant.Phone, null, null, null,
                $"Participant of campaign '{campaign.Name}'.", campaign.BranchId, SourceChannelCodes.Event, campaign.Id, null)
            {
                CapturedVia = LeadCapture.Campaign,
            },
            cancellationToken);
        participant.LeadId = lead.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lead;
    }
}

internal static class CaptureParticipantLeadEndpoint
{
    internal static void MapCaptureParticipantLead(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{id:guid}/participants/{participantId:guid}/lead", async (Guid id, Guid participantId, IMediator mediator, CancellationToken ct) =>
            {
                var lead = await mediator.Send(new CaptureParticipantLeadCommand(id, participantId), ct);
                return TypedResults.Created($"/api/funnel/leads/{lead.Id}", lead);
            })
            .WithName("CaptureCampaignLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Record a participant as a lead of the campaign (distributed by the assignment workflow)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
