using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

/// <summary>Assigns a lead by hand to a person, or puts it in a queue.</summary>
internal sealed record AssignLeadCommand(Guid? OwnerId, string? Queue, string? Reason, long? Version) : IRequest<LeadResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

/// <summary>The signed-in user (or <see cref="UserId"/>) takes an unowned lead from its queue.</summary>
internal sealed record ClaimLeadCommand(Guid? UserId) : IRequest<LeadResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record QualifyLeadCommand(Guid Id) : IRequest<LeadResponse>;

internal sealed record DisqualifyLeadCommand(string? Reason) : IRequest<LeadResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record ReopenLeadCommand(Guid Id) : IRequest<LeadResponse>;

/// <summary>Logs a follow-up (call, e-mail, visit); ends the assignment workflow's wait for it.</summary>
internal sealed record LogLeadFollowUpCommand(string? Channel, string? Summary, DateTime? OccurredAt, DateTime? NextFollowUpAt) : IRequest<FollowUpResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record ListFollowUpsQuery(FollowUpSubject Subject, Guid SubjectId, int Page, int PageSize) : IRequest<PagedResult<FollowUpResponse>>;

internal sealed record FollowUpResponse(
    Guid Id, FollowUpSubject Subject, Guid SubjectId, FollowUpChannel Channel, string Summary, DateTime OccurredAt, DateTime? NextFollowUpAt, string RecordedBy, DateTime RecordedAt)
{
    public static FollowUpResponse From(FollowUp f) =>
        new(f.Id, f.Subject, f.SubjectId, f.Channel, f.Summary, f.OccurredAtUtc, f.NextFollowUpAtUtc, f.RecordedBy, f.RecordedAtUtc);
}

internal sealed class AssignLeadValidator : AbstractValidator<AssignLeadCommand>
{
    public AssignLeadValidator()
    {
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id.");
        RuleFor(c => c.Queue).MaximumLength(100);
        RuleFor(c => c).Must(c => c.OwnerId is not null || !string.IsNullOrWhiteSpace(c.Queue)).OverridePropertyName("ownerId")
            .WithMessage("Give an owner or a queue.");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class DisqualifyLeadValidator : AbstractValidator<DisqualifyLeadCommand>
{
    public DisqualifyLeadValidator() =>
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the lead is disqualified.").MaximumLength(500);
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

internal sealed class ListFollowUpsValidator : AbstractValidator<ListFollowUpsQuery>
{
    public ListFollowUpsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
    }
}

internal sealed class LeadActionHandlers(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<AssignLeadCommand, LeadResponse>,
        IRequestHandler<ClaimLeadCommand, LeadResponse>,
        IRequestHandler<QualifyLeadCommand, LeadResponse>,
        IRequestHandler<DisqualifyLeadCommand, LeadResponse>,
        IRequestHandler<ReopenLeadCommand, LeadResponse>,
        IRequestHandler<LogLeadFollowUpCommand, FollowUpResponse>,
        IRequestHandler<ListFollowUpsQuery, PagedResult<FollowUpResponse>>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<LeadResponse> Handle(AssignLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        Versioning.EnsureCurrent("lead", lead.Version, command.Version);
        if (lead.Assign(command.OwnerId, command.Queue, AssignmentStrategy.Manual, command.Reason, null, user.Id, Now) is { } assignment)
        {
            db.LeadAssignments.Add(assignment);
            await db.SaveChangesAsync(cancellationToken);
        }

        return LeadResponse.From(lead);
    }

    public async Task<LeadResponse> Handle(ClaimLeadCommand command, CancellationToken cancellationToken)
    {
        var claimant = command.UserId ?? user.UserId
                       ?? throw new BusinessRuleException("Say who takes the lead (userId), or sign in.", "userId");
        if (claimant != user.UserId && !(user.IsInRole(CrmRoles.Administrator) || user.IsInRole(CrmRoles.BranchManager)))
        {
            throw new BusinessRuleException("You can take a lead from a queue for yourself only; a branch manager assigns it to someone else.", "userId");
        }

        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        db.LeadAssignments.Add(lead.Claim(claimant, user.Id, Now));
        // Two people taking the same lead at once: the version check lets exactly one of them win (the other gets 409).
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }

    public async Task<LeadResponse> Handle(QualifyLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        lead.Qualify(user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }

    public async Task<LeadResponse> Handle(DisqualifyLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        lead.Disqualify(command.Reason!, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }

    public async Task<LeadResponse> Handle(ReopenLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        lead.Reopen(user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }

    public async Task<FollowUpResponse> Handle(LogLeadFollowUpCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        var now = Now;
        var entry = lead.FollowUp(
            Enum.Parse<FollowUpChannel>(command.Channel!, ignoreCase: true), command.Summary!, Fields.ToUtc(command.OccurredAt) ?? now,
            Fields.ToUtc(command.NextFollowUpAt), user.Id, now);
        db.FollowUps.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return FollowUpResponse.From(entry);
    }

    public async Task<PagedResult<FollowUpResponse>> Handle(ListFollowUpsQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var exists = query.Subject == FollowUpSubject.Lead
            ? await db.Leads.VisibleTo(scope).AnyAsync(l => l.Id == query.SubjectId, cancellationToken)
            : await db.Opportunities.VisibleTo(scope).AnyAsync(o => o.Id == query.SubjectId, cancellationToken);
        if (!exists)
        {
            throw new NotFoundException($"{query.Subject} {query.SubjectId} does not exist.");
        }

        var rows = await db.FollowUps.AsNoTracking()
            .Where(f => f.Subject == query.Subject && f.SubjectId == query.SubjectId)
            .OrderByDescending(f => f.OccurredAtUtc).ThenByDescending(f => f.RecordedAtUtc)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        return new PagedResult<FollowUpResponse>(
            rows.Take(query.PageSize).Select(FollowUpResponse.From).ToList(), query.Page, query.PageSize, rows.Count > query.PageSize, null, null);
    }
}

internal static class LeadActionEndpoints
{
    internal static void MapLeadActions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/assign", async (Guid id, AssignLeadCommand command, IMediator mediator, HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("AssignLead")
            .RequireAuthorization(CrmPolicies.FunnelAssign)
            .WithSummary("Assign a lead by hand to a person (ownerId) or a queue")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/leads/{id:guid}/claim", async (Guid id, ClaimLeadCommand? command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send((command ?? new ClaimLeadCommand(null)) with { Id = id }, ct)))
            .WithName("ClaimLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Take an unowned lead from its queue (409 when someone else took it first)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/leads/{id:guid}/qualify", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new QualifyLeadCommand(id), ct)))
            .WithName("QualifyLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Mark a lead as qualified (ready to convert)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/leads/{id:guid}/disqualify", async (Guid id, DisqualifyLeadCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("DisqualifyLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Close a lead as not worth pursuing, with the reason")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/leads/{id:guid}/reopen", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReopenLeadCommand(id), ct)))
            .WithName("ReopenLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Bring a disqualified lead back to work")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/leads/{id:guid}/follow-ups", async (Guid id, LogLeadFollowUpCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created($"/api/funnel/leads/{id}/follow-ups", await mediator.Send(command with { Id = id }, ct)))
            .WithName("LogLeadFollowUp")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Log a follow-up of the lead (ends the assignment workflow's wait for one)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/leads/{id:guid}/follow-ups", async (Guid id, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFollowUpsQuery(FollowUpSubject.Lead, id, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListLeadFollowUps")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The follow-up log of a lead, newest first")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
