using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
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

internal sealed record AddCostCommand(string? Description, string? Category, decimal? Amount, DateOnly? IncurredOn) : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid CampaignId { get; init; }
}

internal sealed record RemoveCostCommand(Guid CampaignId, Guid CostId) : IRequest<CampaignResponse>;

internal sealed record SaveParticipantCommand(string? Name, string? Type, string? Phone, string? Email, string? Company, Guid? AccountId, bool Attended)
    : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid CampaignId { get; init; }

    [JsonIgnore]
    public Guid? ParticipantId { get; init; }
}

internal sealed record RemoveParticipantCommand(Guid CampaignId, Guid ParticipantId) : IRequest<CampaignResponse>;

/// <summary>Captures a participant as a lead attributed to the campaign (recorded at once, distributed centrally).</summary>
internal sealed record CaptureParticipantLeadCommand(Guid CampaignId, Guid ParticipantId) : IRequest<LeadResponse>;

internal sealed record AddReminderCommand(int? DaysBefore, int? HoursBefore, Guid? RecipientId, string? Note) : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid CampaignId { get; init; }
}

internal sealed record RemoveReminderCommand(Guid CampaignId, Guid ReminderId) : IRequest<CampaignResponse>;

/// <summary>Raises the due reminders (the reminder job); returns how many were sent.</summary>
internal sealed record SendDueRemindersCommand(int BatchSize) : IRequest<int>;

internal sealed class AddCostValidator : AbstractValidator<AddCostCommand>
{
    public AddCostValidator()
    {
        RuleFor(c => c.Description).NotEmpty().WithMessage("What was paid for?").MaximumLength(300);
        RuleFor(c => c.Category).MaximumLength(100);
        RuleFor(c => c.Amount).NotNull().WithMessage("Amount is required.").Money("Amount");
    }
}

internal sealed class SaveParticipantValidator : AbstractValidator<SaveParticipantCommand>
{
    public SaveParticipantValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(c => c.Type).Must(Fields.IsEnumOrEmpty<ParticipantType>).WithMessage($"Type must be one of {Fields.Names<ParticipantType>()}.");
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.Email)).WithMessage("E-mail is not a valid address.");
        RuleFor(c => c.Phone).SingleLine().MaximumLength(50)
            .Must(p => string.IsNullOrWhiteSpace(p) || Normalize.Phone(p) is { Length: >= 5 })
            .WithMessage("Phone must contain at least 5 digits.");
        RuleFor(c => c.Company).SingleLine().MaximumLength(200);
    }
}

internal sealed class AddReminderValidator : AbstractValidator<AddReminderCommand>
{
    public AddReminderValidator()
    {
        RuleFor(c => c).Must(c => c.DaysBefore is not null || c.HoursBefore is not null).OverridePropertyName("daysBefore")
            .WithMessage("Say how long before the start: daysBefore and/or hoursBefore.");
        RuleFor(c => c.DaysBefore).InclusiveBetween(0, 365);
        RuleFor(c => c.HoursBefore).InclusiveBetween(0, 24 * 365);
        RuleFor(c => c.Note).MaximumLength(500);
    }
}

internal sealed class CampaignItemHandlers(FunnelDbContext db, ICurrentUser user, TimeProvider clock, IMediator mediator)
    : IRequestHandler<AddCostCommand, CampaignResponse>,
        IRequestHandler<RemoveCostCommand, CampaignResponse>,
        IRequestHandler<SaveParticipantCommand, CampaignResponse>,
        IRequestHandler<RemoveParticipantCommand, CampaignResponse>,
        IRequestHandler<CaptureParticipantLeadCommand, LeadResponse>,
        IRequestHandler<AddReminderCommand, CampaignResponse>,
        IRequestHandler<RemoveReminderCommand, CampaignResponse>,
        IRequestHandler<SendDueRemindersCommand, int>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CampaignResponse> Handle(AddCostCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        var now = Now;
        db.CampaignCosts.Add(campaign.AddCost(command.Description!, command.Amount!.Value, command.IncurredOn ?? DateOnly.FromDateTime(now), command.Category, user.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(RemoveCostCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        campaign.RemoveCost(command.CostId, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(SaveParticipantCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        var details = new ParticipantDetails(command.Name!, Fields.ParseOr(command.Type, ParticipantType.Prospect), command.Phone, command.Email, command.Company, command.AccountId);
        if (command.ParticipantId is { } participantId)
        {
            campaign.UpdateParticipant(participantId, details, command.Attended, user.Id, Now);
        }
        else
        {
            db.CampaignParticipants.Add(campaign.AddParticipant(details, user.Id, Now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(RemoveParticipantCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        campaign.RemoveParticipant(command.ParticipantId, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

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
                $"Participant of campaign '{campaign.Name}'.", campaign.BranchId, nameof(LeadSource.Event), campaign.Id, null)
            {
                CapturedVia = LeadCapture.Campaign,
            },
            cancellationToken);
        participant.LeadId = lead.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lead;
    }

    public async Task<CampaignResponse> Handle(AddReminderCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        var before = TimeSpan.FromDays(command.DaysBefore ?? 0) + TimeSpan.FromHours(command.HoursBefore ?? 0);
        db.CampaignReminders.Add(campaign.AddReminder(before, command.RecipientId, command.Note, user.Id, Now));
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(RemoveReminderCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        campaign.RemoveReminder(command.ReminderId, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<int> Handle(SendDueRemindersCommand command, CancellationToken cancellationToken)
    {
        var now = Now;
        var due = await db.CampaignReminders.Where(r => r.SentAtUtc == null && r.RemindAtUtc <= now)
            .OrderBy(r => r.RemindAtUtc).Take(command.BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.Select(r => r.CampaignId).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var reminder in due)
        {
            var campaign = campaigns[reminder.CampaignId];
            if (campaign.Status is CampaignStatus.Cancelled or CampaignStatus.Completed)
            {
                // Nothing to remind of any more; marked so it is not picked up again, without raising the event.
                reminder.MarkSent(campaign, now);
                reminder.DequeueIntegrationEvents();
                continue;
            }

            reminder.MarkSent(campaign, now);
        }

        // The Version token makes a reminder raised by a second node's job in the meantime fail this save instead of
        // being sent twice; the next poll finds nothing left.
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}

internal static class CampaignItemEndpoints
{
    internal static void MapCampaignItems(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{id:guid}/costs", async (Guid id, AddCostCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { CampaignId = id }, ct)))
            .WithName("AddCampaignCost")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Record an actual cost of the campaign")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapDelete("/campaigns/{id:guid}/costs/{costId:guid}", async (Guid id, Guid costId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveCostCommand(id, costId), ct)))
            .WithName("RemoveCampaignCost")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remove a cost line")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/campaigns/{id:guid}/participants", async (Guid id, SaveParticipantCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { CampaignId = id }, ct)))
            .WithName("AddCampaignParticipant")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Add a participant (name, type, phone, e-mail); 409 when the e-mail already takes part")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPut("/campaigns/{id:guid}/participants/{participantId:guid}", async (Guid id, Guid participantId, SaveParticipantCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { CampaignId = id, ParticipantId = participantId }, ct)))
            .WithName("UpdateCampaignParticipant")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change a participant, e.g. mark as attended")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapDelete("/campaigns/{id:guid}/participants/{participantId:guid}", async (Guid id, Guid participantId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveParticipantCommand(id, participantId), ct)))
            .WithName("RemoveCampaignParticipant")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remove a participant")
            .ProducesProblem(StatusCodes.Status404NotFound);

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

        app.MapPost("/campaigns/{id:guid}/reminders", async (Guid id, AddReminderCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { CampaignId = id }, ct)))
            .WithName("AddCampaignReminder")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remind someone (default: the campaign's owner) some days/hours before the start (CampaignReminderDue event when due)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapDelete("/campaigns/{id:guid}/reminders/{reminderId:guid}", async (Guid id, Guid reminderId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveReminderCommand(id, reminderId), ct)))
            .WithName("RemoveCampaignReminder")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remove a reminder")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
