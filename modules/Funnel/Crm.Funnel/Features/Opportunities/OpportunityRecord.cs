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

namespace Crm.Funnel.Features.Opportunities;

internal sealed record GetOpportunityQuery(Guid Id) : IRequest<OpportunityResponse>;

internal sealed record UpdateOpportunityCommand(
    string? Name, decimal? Amount, DateOnly? ExpectedCloseDate, Guid? ContactId, Guid? BranchId, string? Description, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record SetOpportunityLinesCommand(IReadOnlyList<LineInput>? Lines, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

/// <summary>
/// Moves the opportunity (the board's drag and drop). Into Lost it needs a reason category and text; a Won deal moved back
/// to an open stage needs <see cref="ConfirmReopen"/> (the UI asks first).
/// </summary>
internal sealed record ChangeStageCommand(Guid? StageId, string? LostReasonCategory, string? LostReason, string? Competitor, long? Version, bool? ConfirmReopen = null)
    : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record ChangeOpportunityOwnerCommand(Guid? OwnerId, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record SetNextStepCommand(string? NextStep, DateTime? DueAt, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record LogOpportunityFollowUpCommand(string? Channel, string? Summary, DateTime? OccurredAt, DateTime? NextFollowUpAt, string? NextStep)
    : IRequest<FollowUpResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record StageHistoryQuery(Guid Id) : IRequest<IReadOnlyList<StageChangeResponse>>;

internal sealed record StageChangeResponse(Guid? FromStageId, string? FromStage, Guid ToStageId, string ToStage, decimal Amount, DateTime ChangedAt, string ChangedBy);

internal sealed class UpdateOpportunityValidator : AbstractValidator<UpdateOpportunityCommand>
{
    public UpdateOpportunityValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(c => c.ExpectedCloseDate).NotNull().WithMessage("Expected close date is required.");
        RuleFor(c => c.Amount).Money("Amount");
        RuleFor(c => c.Description).MaximumLength(4000);
    }
}

internal sealed class SetOpportunityLinesValidator : AbstractValidator<SetOpportunityLinesCommand>
{
    public SetOpportunityLinesValidator()
    {
        RuleFor(c => c.Lines).NotNull().WithMessage("Send the lines (an empty list removes them).")
            .Must(l => l is null || l.Count <= Opportunity.MaxLines).WithMessage($"At most {Opportunity.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator());
    }
}

internal sealed class ChangeStageValidator : AbstractValidator<ChangeStageCommand>
{
    public ChangeStageValidator()
    {
        RuleFor(c => c.StageId).NotNull().WithMessage("stageId is required.").NotEqual(Guid.Empty);
        RuleFor(c => c.LostReasonCategory).Must(Fields.IsEnumOrEmpty<LostReasonCategory>)
            .WithMessage($"Lost reason category must be one of {Fields.Names<LostReasonCategory>()}.");
        RuleFor(c => c.LostReason).MaximumLength(500);
        RuleFor(c => c.Competitor).MaximumLength(200);
    }
}

internal sealed class ChangeOpportunityOwnerValidator : AbstractValidator<ChangeOpportunityOwnerCommand>
{
    public ChangeOpportunityOwnerValidator() => RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id; send null to unassign.");
}

internal sealed class SetNextStepValidator : AbstractValidator<SetNextStepCommand>
{
    public SetNextStepValidator() => RuleFor(c => c.NextStep).MaximumLength(500);
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

internal sealed class OpportunityHandlers(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<GetOpportunityQuery, OpportunityResponse>,
        IRequestHandler<UpdateOpportunityCommand, OpportunityResponse>,
        IRequestHandler<SetOpportunityLinesCommand, OpportunityResponse>,
        IRequestHandler<ChangeStageCommand, OpportunityResponse>,
        IRequestHandler<ChangeOpportunityOwnerCommand, OpportunityResponse>,
        IRequestHandler<SetNextStepCommand, OpportunityResponse>,
        IRequestHandler<LogOpportunityFollowUpCommand, FollowUpResponse>,
        IRequestHandler<StageHistoryQuery, IReadOnlyList<StageChangeResponse>>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<OpportunityResponse> Handle(GetOpportunityQuery query, CancellationToken cancellationToken)
    {
        var opportunity = await db.Opportunities.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)).Include(o => o.Lines)
                              .FirstOrDefaultAsync(o => o.Id == query.Id, cancellationToken)
                          ?? throw new NotFoundException($"Opportunity {query.Id} does not exist.");
        return OpportunityResponse.From(opportunity, await db.LoadPipelineAsync(opportunity.PipelineId, cancellationToken));
    }

    public async Task<OpportunityResponse> Handle(UpdateOpportunityCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) => o.UpdateDetails(
            new OpportunityDetails(command.Name!, command.Amount ?? o.Amount, command.ExpectedCloseDate!.Value, command.ContactId, command.BranchId, command.Description),
            user.Id, Now), cancellationToken);
        return OpportunityResponse.From(o, p);
    }

    public async Task<OpportunityResponse> Handle(SetOpportunityLinesCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) =>
        {
            db.OpportunityLines.RemoveRange(o.Lines);
            o.SetLines(command.Lines!.Select(l => l.ToDetails()).ToList(), user.Id, Now);
            db.OpportunityLines.AddRange(o.Lines);
        }, cancellationToken);
        return OpportunityResponse.From(o, p);
    }

    public async Task<OpportunityResponse> Handle(ChangeStageCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, pipeline) =>
        {
            var loss = command.LostReason is null && command.LostReasonCategory is null
                ? null
                : new LossDetails(Fields.ParseOr(command.LostReasonCategory, LostReasonCategory.Other), command.LostReason, command.Competitor);
            db.OpportunityStageChanges.Add(o.MoveTo(pipeline, pipeline.Stage(command.StageId!.Value), loss, user.Id, Now, command.ConfirmReopen == true));
        }, cancellationToken);
        return OpportunityResponse.From(o, p);
    }

    public async Task<OpportunityResponse> Handle(ChangeOpportunityOwnerCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) => o.ChangeOwner(command.OwnerId, user.Id, Now), cancellationToken);
        return OpportunityResponse.From(o, p);
    }

    public async Task<OpportunityResponse> Handle(SetNextStepCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) => o.SetNextStep(command.NextStep, Fields.ToUtc(command.DueAt), user.Id, Now), cancellationToken);
        return OpportunityResponse.From(o, p);
    }

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
            occurred, Fields.ToUtc(command.NextFollowUpAt), user.Id, now);
        db.FollowUps.Add(entry);
        if (command.NextStep is not null && opportunity.Status == OpportunityStatus.Open)
        {
            opportunity.SetNextStep(command.NextStep, Fields.ToUtc(command.NextFollowUpAt), user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return FollowUpResponse.From(entry);
    }

    public async Task<IReadOnlyList<StageChangeResponse>> Handle(StageHistoryQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Opportunities.VisibleTo(await visibility.GetScopeAsync(cancellationToken)).AnyAsync(o => o.Id == query.Id, cancellationToken))
        {
            throw new NotFoundException($"Opportunity {query.Id} does not exist.");
        }

        return await db.OpportunityStageChanges.AsNoTracking()
            .Where(s => s.OpportunityId == query.Id)
            .OrderBy(s => s.ChangedAtUtc).ThenBy(s => s.Id)
            .Select(s => new StageChangeResponse(s.FromStageId, s.FromStage, s.ToStageId, s.ToStage, s.Amount, s.ChangedAtUtc, s.ChangedBy))
            .ToListAsync(cancellationToken);
    }
}

internal static class OpportunityEndpoints
{
    internal static void MapOpportunityRecord(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opportunities/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                WithETag(response, await mediator.Send(new GetOpportunityQuery(id), ct)))
            .WithName("GetOpportunity")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One opportunity with its lines, stage and weighted amount")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/opportunities/{id:guid}", async (Guid id, UpdateOpportunityCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                WithETag(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdateOpportunity")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change name, amount (when it has no lines), expected close date, contact, branch, description")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPut("/opportunities/{id:guid}/lines", async (Guid id, SetOpportunityLinesCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                WithETag(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("SetOpportunityLines")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Replace the product lines; the amount becomes their total")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/opportunities/{id:guid}/stage", async (Guid id, ChangeStageCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                WithETag(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("ChangeOpportunityStage")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Move to another stage (the board's drag and drop); Won closes it, Lost needs lostReasonCategory and lostReason, Won back to an open stage needs confirmReopen: true (else 422)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/opportunities/{id:guid}/owner", async (Guid id, ChangeOpportunityOwnerCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                WithETag(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("ChangeOpportunityOwner")
            .RequireAuthorization(CrmPolicies.FunnelAssign)
            .WithSummary("Give the opportunity to another owner")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        app.MapPut("/opportunities/{id:guid}/next-step", async (Guid id, SetNextStepCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                WithETag(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("SetOpportunityNextStep")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Set the next step and when it is due")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/opportunities/{id:guid}/follow-ups", async (Guid id, LogOpportunityFollowUpCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created($"/api/funnel/opportunities/{id}/follow-ups", await mediator.Send(command with { Id = id }, ct)))
            .WithName("LogOpportunityFollowUp")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Log a follow-up (call, visit, negotiation...) and optionally the next step")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/opportunities/{id:guid}/follow-ups", async (Guid id, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFollowUpsQuery(FollowUpSubject.Opportunity, id, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListOpportunityFollowUps")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The follow-up log of an opportunity, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/opportunities/{id:guid}/stage-history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StageHistoryQuery(id), ct)))
            .WithName("OpportunityStageHistory")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Every stage the opportunity went through, with timestamps")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult WithETag(HttpResponse response, OpportunityResponse opportunity)
    {
        Versioning.SetETag(response, opportunity.Version);
        return TypedResults.Ok(opportunity);
    }
}
