using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Inbox.Features.ReassignTask;

internal sealed record ReassignTaskRequest(Guid AssigneeId, string? Comment);

/// <summary>A manager gives a task to someone else (ending a delegation or a proxy routing with it).</summary>
internal sealed record ReassignTaskCommand(Guid Id, Guid AssigneeId, string? Comment) : IRequest<TaskDetails>;

internal sealed class ReassignTaskValidator : AbstractValidator<ReassignTaskCommand>
{
    public ReassignTaskValidator()
    {
        RuleFor(c => c.AssigneeId).NotEmpty().WithMessage("Say who gets the task (assigneeId).");
        RuleFor(c => c.Comment).MaximumLength(2000);
    }
}

internal sealed class ReassignTaskHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, InboxEvents events, TimeProvider clock)
    : IRequestHandler<ReassignTaskCommand, TaskDetails>
{
    public async Task<TaskDetails> Handle(ReassignTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, user, command.Id, cancellationToken);
        if (task.IsOpen && !await TaskAccess.CanReassignAsync(task, user, cancellationToken))
        {
            throw new ForbiddenTaskActionException(
                $"Only a manager of {await staff.NameAsync(task.OwnerId ?? task.AssigneeId, cancellationToken)} (or of the queue's branch) can reassign task '{task.Title}'.");
        }

        await staff.EnsureAssignableAsync(command.AssigneeId, "assigneeId", cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        db.HumanTaskHistory.Add(task.Reassign(user.Id, command.AssigneeId, command.Comment, now));
        events.Assigned(task, "Reassigned", now);
        await TaskAccess.SaveAsync(db, task, cancellationToken);
        return await TaskMapping.DetailsAsync(task, db, user, staff, now, cancellationToken);
    }
}

internal static class ReassignTaskEndpoint
{
    internal static RouteHandlerBuilder MapReassignTask(this IEndpointRouteBuilder app) =>
        app.MapPost("/tasks/{id:guid}/reassign", async (Guid id, ReassignTaskRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReassignTaskCommand(id, body.AssigneeId, body.Comment), ct)))
            .WithName("ReassignInboxTask")
            .WithSummary("As a manager: give a task to someone else")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
