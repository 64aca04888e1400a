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

internal sealed record AddReminderCommand(int? DaysBefore, int? HoursBefore, Guid? RecipientId, string? Note) : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid CampaignId { get; init; }
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

internal sealed class AddReminderHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<AddReminderCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(AddReminderCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        var before = TimeSpan.FromDays(command.DaysBefore ?? 0) + TimeSpan.FromHours(command.HoursBefore ?? 0);
        db.CampaignReminders.Add(campaign.AddReminder(before, command.RecipientId, command.Note, user.Id, Now));
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
}

internal static class AddReminderEndpoint
{
    internal static void MapAddReminder(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{id:guid}/reminders", async (Guid id, AddReminderCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { CampaignId = id }, ct)))
            .WithName("AddCampaignReminder")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Remind someone (default: the campaign's owner) some days/hours before the start (CampaignReminderDue event when due)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
