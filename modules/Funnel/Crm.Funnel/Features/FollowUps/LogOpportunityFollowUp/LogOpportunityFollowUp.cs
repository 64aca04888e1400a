using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.FollowUps;

internal sealed record LogOpportunityFollowUpCommand(string? Channel, string? Summary, DateTime? OccurredAt, DateTime? NextFollowUpAt, string? NextStep)
    : IRequest<FollowUpResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class LogOpportunityFollowUpValidator : AbstractValidator<LogOpportunityFollowUpCommand>
{
    public LogOpportunityFollowUpValidator()
    {
        RuleFor(c => c.Channel).NotEmpty().WithMessage("Channel is required.")
            .Must(Fields.IsEnumOrEmpty<FollowUpChannel>).WithMessage($"Channel must be one of {Fields.Names<FollowUpChannel>()}.");
        RuleFor(c => c.Summary).NotEmpty().WithMessage("Summary is required: what was discussed?").MaximumLength(4000);
        RuleFor(c => c.NextStep).MaximumLength(500);
        RuleFor(c => c.NextFollowUpAt).GreaterThan(c => c.OccurredAt ?? DateTime.MinValue).When(c => c.NextFollowUpAt is not null)
            .WithMessage("The next follow-up must come after this one.");
    }
}

internal sealed class LogOpportunityFollowUpHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<LogOpportunityFollowUpCommand, FollowUpResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<FollowUpResponse> Handle(LogOpportunityFollowUpCommand command, CancellationToken cancellationToken)
    {
        var opportunity = await db.LoadOpportunityAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        var now = Now;
        var occurred = Fields.ToUtc(command.OccurredAt) ?? now;
        if (occurred > now.AddMinutes(5))
        {
            throw new BusinessRuleException("A follow-up cannot be logged in the future.", "occurredAt");
        }

        var entry = FollowUp.Create(FollowUpSubject.Opportunity, opportunity.Id, Enum.Parse<FollowUpChannel>(command.Channel!, ignoreCase: true), command.Summary!,
            occurred, Fields.ToUtc(command.NextFollowUpAt), user.Id, now).Announce(opportunity.Name, opportunity.OwnerId);
        db.FollowUps.Add(entry);
        if (command.NextStep is not null && opportunity.Status == OpportunityStatus.Open)
        {
            opportunity.SetNextStep(command.NextStep, Fields.ToUtc(command.NextFollowUpAt), user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return FollowUpResponse.From(entry);
    }
}

internal static class LogOpportunityFollowUpEndpoint
{
    internal static void MapLogOpportunityFollowUp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/opportunities/{id:guid}/follow-ups", async (Guid id, LogOpportunityFollowUpCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created($"/api/funnel/opportunities/{id}/follow-ups", await mediator.Send(command with { Id = id }, ct)))
            .WithName("LogOpportunityFollowUp")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Log a follow-up (call, visit, negotiation...) and optionally the next step")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
