using Crm.BuildingBlocks.Application;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Features.OutOfOffice;

internal sealed record OutOfOfficeRuleResponse(Guid Id, PersonRef User, PersonRef Proxy, DateTime From, DateTime To, string? Note, bool IsActive, DateTime CreatedAt);

internal sealed record ListOutOfOfficeQuery(Guid? UserId) : IRequest<IReadOnlyList<OutOfOfficeRuleResponse>>;

internal sealed record CreateOutOfOfficeRequest(Guid? UserId, Guid ProxyId, DateTime From, DateTime To, string? Note, bool MoveOpenTasks);

/// <summary>
/// "I'm away from … to …; my new tasks go to …". For someone else only by their manager. With
/// <see cref="MoveOpenTasks"/> the tasks already in the person's inbox go to the proxy too (on their behalf).
/// </summary>
internal sealed record CreateOutOfOfficeCommand(Guid? UserId, Guid ProxyId, DateTime From, DateTime To, string? Note, bool MoveOpenTasks)
    : IRequest<OutOfOfficeRuleResponse>;

internal sealed record DeleteOutOfOfficeCommand(Guid Id) : IRequest<Unit>;

internal sealed class CreateOutOfOfficeValidator : AbstractValidator<CreateOutOfOfficeCommand>
{
    public CreateOutOfOfficeValidator()
    {
        RuleFor(c => c.ProxyId).NotEmpty().WithMessage("Say who takes the tasks (proxyId).");
        RuleFor(c => c.To).GreaterThan(c => c.From).WithMessage("The absence must end after it starts.");
        RuleFor(c => c.To).Must((c, to) => to - c.From <= TimeSpan.FromDays(366)).WithMessage("An absence lasts at most a year; add another rule after it.");
        RuleFor(c => c.Note).MaximumLength(500);
    }
}

internal sealed class OutOfOfficeHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, InboxEvents events, TimeProvider clock)
    : IRequestHandler<ListOutOfOfficeQuery, IReadOnlyList<OutOfOfficeRuleResponse>>,
      IRequestHandler<CreateOutOfOfficeCommand, OutOfOfficeRuleResponse>,
      IRequestHandler<DeleteOutOfOfficeCommand, Unit>
{
    public async Task<IReadOnlyList<OutOfOfficeRuleResponse>> Handle(ListOutOfOfficeQuery query, CancellationToken cancellationToken)
    {
        var userId = await ForAsync(query.UserId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rules = await db.OutOfOfficeRules.AsNoTracking()
            .Where(r => (r.UserId == userId || r.ProxyId == userId) && r.ToUtc > now)
            .OrderBy(r => r.FromUtc)
            .ToListAsync(cancellationToken);
        var names = await staff.NamesAsync(rules.SelectMany(r => new Guid?[] { r.UserId, r.ProxyId }), cancellationToken);
        return rules.Select(r => Response(r, names, now)).ToList();
    }

    public async Task<OutOfOfficeRuleResponse> Handle(CreateOutOfOfficeCommand command, CancellationToken cancellationToken)
    {
        var userId = await ForAsync(command.UserId, cancellationToken);
        if (command.ProxyId == userId)
        {
            throw new BusinessRuleException("The proxy must be someone other than the absent person.", "proxyId");
        }

        await staff.EnsureAssignableAsync(command.ProxyId, "proxyId", cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var from = command.From.ToUniversalTime();
        var to = command.To.ToUniversalTime();
        if (to <= now)
        {
            throw new BusinessRuleException("The absence is already over.", "to");
        }

        var overlapping = await db.OutOfOfficeRules.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.FromUtc < to && from < r.ToUtc, cancellationToken);
        if (overlapping is not null)
        {
            throw new ConflictException(
                $"There is already an out-of-office rule from {overlapping.FromUtc:u} to {overlapping.ToUtc:u}; change the dates or delete that rule first.",
                new { overlapping.Id, From = overlapping.FromUtc, To = overlapping.ToUtc, overlapping.ProxyId });
        }

        var rule = OutOfOfficeRule.Create(userId, command.ProxyId, from, to, command.Note, user.Id, now);
        db.OutOfOfficeRules.Add(rule);
        if (command.MoveOpenTasks && rule.IsActiveAt(now))
        {
            var open = await db.HumanTasks
                .Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == userId && t.Delegation != DelegationState.Pending)
                .ToListAsync(cancellationToken);
            foreach (var task in open)
            {
                db.HumanTaskHistory.Add(task.RouteToProxy(command.ProxyId, userId, $"Out of office until {to:u}{(rule.Note is null ? "" : $": {rule.Note}")}", now));
                events.Assigned(task, "OutOfOffice", now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var names = await staff.NamesAsync([rule.UserId, rule.ProxyId], cancellationToken);
        return Response(rule, names, now);
    }

    public async Task<Unit> Handle(DeleteOutOfOfficeCommand command, CancellationToken cancellationToken)
    {
        var rule = await db.OutOfOfficeRules.FirstOrDefaultAsync(r => r.Id == command.Id, cancellationToken)
                   ?? throw new NotFoundException($"Out-of-office rule {command.Id} does not exist.");
        await ForAsync(rule.UserId, cancellationToken);
        db.OutOfOfficeRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    /// <summary>Whose rules: mine by default; someone else's only for their manager.</summary>
    private async Task<Guid> ForAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var me = user.Id;
        if (userId is not { } other || other == me)
        {
            return me;
        }

        return await user.CanManageAsync(other, cancellationToken)
            ? other
            : throw new ForbiddenTaskActionException("Only their manager can set or see someone else's out-of-office rules.");
    }

    private static OutOfOfficeRuleResponse Response(OutOfOfficeRule rule, IReadOnlyDictionary<Guid, string> names, DateTime now) => new(
        rule.Id, TaskMapping.Person(rule.UserId, names)!, TaskMapping.Person(rule.ProxyId, names)!, rule.FromUtc, rule.ToUtc, rule.Note, rule.IsActiveAt(now), rule.CreatedAtUtc);
}

internal static class OutOfOfficeEndpoints
{
    internal static void MapOutOfOffice(this IEndpointRouteBuilder app)
    {
        app.MapGet("/out-of-office", async (Guid? userId, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListOutOfOfficeQuery(userId), ct)))
            .WithName("ListOutOfOffice")
            .WithSummary("Current and future out-of-office rules of a user (default: me), including those where they are the proxy");
        app.MapPost("/out-of-office", Create)
            .WithName("CreateOutOfOffice")
            .WithSummary("Route a user's new tasks to a proxy for a date range (optionally their open tasks too)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapDelete("/out-of-office/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteOutOfOfficeCommand(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteOutOfOffice")
            .WithSummary("Delete an out-of-office rule (tasks already routed stay with the proxy)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<OutOfOfficeRuleResponse>> Create(CreateOutOfOfficeRequest body, IMediator mediator, CancellationToken ct)
    {
        var rule = await mediator.Send(new CreateOutOfOfficeCommand(body.UserId, body.ProxyId, body.From, body.To, body.Note, body.MoveOpenTasks), ct);
        return TypedResults.Created($"/api/inbox/out-of-office/{rule.Id}", rule);
    }
}
