using System.Text.Json;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Inbox.Features.DelegateTask;

internal sealed record DelegateTaskRequest(Guid DelegateId, string? Comment);

/// <summary>
/// The assignee has someone else do the work but stays accountable (Flowable/Camunda 7 delegation): the delegate sees
/// it in "my tasks", cannot complete it, and resolves it back; the owner sees it under "delegated" meanwhile.
/// </summary>
internal sealed record DelegateTaskCommand(Guid Id, Guid DelegateId, string? Comment) : IRequest<TaskDetails>;

internal sealed record ResolveTaskRequest(string? Comment, Dictionary<string, JsonElement>? FormData);

/// <summary>The delegate hands the task back to its owner, optionally with the form filled in as a draft.</summary>
internal sealed record ResolveTaskCommand(Guid Id, string? Comment, Dictionary<string, JsonElement>? FormData) : IRequest<TaskDetails>;

internal sealed class DelegateTaskValidator : AbstractValidator<DelegateTaskCommand>
{
    public DelegateTaskValidator()
    {
        RuleFor(c => c.DelegateId).NotEmpty().WithMessage("Say who to delegate to (delegateId).");
        RuleFor(c => c.Comment).MaximumLength(2000);
    }
}

internal sealed class ResolveTaskValidator : AbstractValidator<ResolveTaskCommand>
{
    public ResolveTaskValidator() => RuleFor(c => c.Comment).MaximumLength(2000);
}

internal sealed class DelegateTaskHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, InboxEvents events, TimeProvider clock)
    : IRequestHandler<DelegateTaskCommand, TaskDetails>, IRequestHandler<ResolveTaskCommand, TaskDetails>
{
    public async Task<TaskDetails> Handle(DelegateTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, user, command.Id, cancellationToken);
        if (task.IsOpen && task.AssigneeId != user.Id)
        {
            throw new ForbiddenTaskActionException(task.AssigneeId is null
                ? $"Task '{task.Title}' is unclaimed; claim it before delegating it."
                : $"Task '{task.Title}' is assigned to {await staff.NameAsync(task.AssigneeId, cancellationToken)}; only the assignee can delegate it.");
        }

        await staff.EnsureAssignableAsync(command.DelegateId, "delegateId", cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        db.HumanTaskHistory.Add(task.Delegate(user.Id, command.DelegateId, command.Comment, now));
        events.Delegated(task, command.Comment, now);
        await TaskAccess.SaveAsync(db, task, cancellationToken);
        return await TaskMapping.DetailsAsync(task, db, user, staff, now, cancellationToken);
    }

    public async Task<TaskDetails> Handle(ResolveTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, user, command.Id, cancellationToken);
        if (task.IsOpen && (task.AssigneeId != user.Id || task.Delegation != DelegationState.Pending))
        {
            throw new ForbiddenTaskActionException(task.Delegation == DelegationState.Pending
                ? $"Task '{task.Title}' is delegated to {await staff.NameAsync(task.AssigneeId, cancellationToken)}; only they can resolve it."
                : $"Task '{task.Title}' is not delegated to you, so there is nothing to resolve.");
        }

        // A draft: required fields may still be empty, but what is filled must be valid.
        var errors = new Dictionary<string, List<string>>();
        var values = TaskForm.Validate(task.FormFieldList, command.FormData, requireAll: false, errors);
        if (staff.HasDirectory)
        {
            await TaskForm.CheckUsersAsync(task.FormFieldList, values, async id => await staff.FindAsync(id, cancellationToken) is not null, errors);
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors.SelectMany(e => e.Value.Select(m => new ValidationFailure(e.Key, m))));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.HumanTaskHistory.Add(task.Resolve(user.Id, command.Comment, command.FormData is null ? null : JsonSerializer.Serialize(values), now));
        events.Assigned(task, "Returned", now);
        await TaskAccess.SaveAsync(db, task, cancellationToken);
        return await TaskMapping.DetailsAsync(task, db, user, staff, now, cancellationToken);
    }
}

internal static class DelegateTaskEndpoint
{
    internal static void MapDelegateTask(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tasks/{id:guid}/delegate", async (Guid id, DelegateTaskRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new DelegateTaskCommand(id, body.DelegateId, body.Comment), ct)))
            .WithName("DelegateInboxTask")
            .WithSummary("Have a colleague work my task while I stay accountable; it comes back to me when they resolve it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/tasks/{id:guid}/resolve", async (Guid id, ResolveTaskRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ResolveTaskCommand(id, body.Comment, body.FormData), ct)))
            .WithName("ResolveInboxTask")
            .WithSummary("As the delegate: return the task to its owner, with a comment and the form filled in as a draft")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
