using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Identifiers;
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

internal sealed record SaveParticipantCommand(string? Name, string? Type, string? Phone, string? Email, string? Company, Guid? AccountId, bool Attended)
    : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid CampaignId { get; init; }

    [JsonIgnore]
    public Guid? ParticipantId { get; init; }
}

internal sealed class SaveParticipantValidator : AbstractValidator<SaveParticipantCommand>
{
    public SaveParticipantValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(c => c.Type).Must(Fields.IsEnumOrEmpty<ParticipantType>).WithMessage($"Type must be one of {Fields.Names<ParticipantType>()}.");
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.Email)).WithMessage("E-mail is not a valid address.");
        RuleFor(c => c.Phone).PhoneNumber();
        RuleFor(c => c.Company).SingleLine().MaximumLength(200);
    }
}

internal sealed class SaveParticipantHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<SaveParticipantCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
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
}

internal static class SaveParticipantEndpoint
{
    internal static void MapSaveParticipant(this IEndpointRouteBuilder app)
    {
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
    }
}
