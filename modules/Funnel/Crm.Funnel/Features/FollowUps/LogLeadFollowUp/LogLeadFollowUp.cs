using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.FollowUps;

/// <summary>Logs a follow-up (call, e-mail, visit); ends the assignment workflow's wait for it.</summary>
internal sealed record LogLeadFollowUpCommand(string? Channel, string? Summary, DateTime? OccurredAt, DateTime? NextFollowUpAt) : IRequest<FollowUpResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>Set by the workflow activity (the person who completed the inbox task); otherwise the calling user.</summary>
    [JsonIgnore]
    public string? RecordedBy { get; init; }
}

internal sealed class LogLeadFollowUpValidator : AbstractValidator<LogLeadFollowUpCommand>
{
    public LogLeadFollowUpValidator()
    {
        RuleFor(c => c.Channel).NotEmpty().WithMessage("Channel is required.")
            .Must(Fields.IsEnumOrEmpty<FollowUpChannel>).WithMessage($"Channel must be one of {Fields.Names<FollowUpChannel>()}.");
        RuleFor(c => c.Summary).NotEmpty().WithMessage("Summary is required: what was discussed?").MaximumLength(4000);
        RuleFor(c => c.NextFollowUpAt).GreaterThan(c => c.OccurredAt ?? DateTime.MinValue).When(c => c.NextFollowUpAt is not null)
            .WithMessage("The next follow-up must come after this one.");
    }
}

internal sealed class LogLeadFollowUpHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<LogLeadFollowUpCommand, FollowUpResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<FollowUpResponse> Handle(LogLeadFollowUpCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        var now = Now;
        var entry = lead.FollowUp(
            Enum.Parse<FollowUpChannel>(command.Channel!, ignoreCase: true), command.Summary!, Fields.ToUtc(command.OccurredAt) ?? now,
            Fields.ToUtc(command.NextFollowUpAt), command.RecordedBy ?? user.Id, now);
        db.FollowUps.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return FollowUpResponse.From(entry);
    }
}

internal static class LogLeadFollowUpEndpoint
{
    internal static void MapLogLeadFollowUp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/follow-ups", async (Guid id, LogLeadFollowUpCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created($"/api/funnel/leads/{id}/follow-ups", await mediator.Send(command with { Id = id }, ct)))
            .WithName("LogLeadFollowUp")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Log a follow-up of the lead (ends the assignment workflow's wait for one)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
