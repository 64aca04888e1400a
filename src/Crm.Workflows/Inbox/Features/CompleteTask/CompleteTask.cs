using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Crm.Workflows.Inbox.Activities;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Inbox.Features.CompleteTask;

internal sealed record CompleteTaskRequest(string? Outcome, string? Comment, Dictionary<string, JsonElement>? FormData);

internal sealed record CompleteTaskCommand(Guid Id, string? Outcome, string? Comment, Dictionary<string, JsonElement>? FormData) : IRequest<CompleteTaskResult>;

/// <summary>The completed task and where its workflow went on to (its instance's status after the resume).</summary>
internal sealed record CompleteTaskResult(TaskDetails Task, string WorkflowInstanceId, string WorkflowStatus, string WorkflowSubStatus);

internal sealed class CompleteTaskValidator : AbstractValidator<CompleteTaskCommand>
{
    public CompleteTaskValidator()
    {
        RuleFor(c => c.Outcome).MaximumLength(200);
        RuleFor(c => c.Comment).MaximumLength(4000);
    }
}

/// <summary>
/// Completes a task and resumes its workflow in ONE transaction: the task row turns Completed, then the runner claims
/// the task's bookmark (DELETE, exactly one claimer wins) and commits the burst into the same transaction. Either both
/// happen or neither; a crash in between leaves the task open and the workflow waiting, so no resume is ever lost and
/// the person simply completes again.
/// </summary>
internal sealed class CompleteTaskHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, InboxEvents events, WorkflowRunner runner, TimeProvider clock)
    : IRequestHandler<CompleteTaskCommand, CompleteTaskResult>
{
    public async Task<CompleteTaskResult> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await TaskAccess.LoadVisibleAsync(db, user, command.Id, cancellationToken);
        await EnsureMayCompleteAsync(task, cancellationToken);

        var outcome = Outcome(task, command.Outcome);
        var errors = new Dictionary<string, List<string>>();
        var values = TaskForm.Validate(task.FormFieldList, command.FormData, requireAll: true, errors);
        if (staff.HasDirectory)
        {
            await TaskForm.CheckUsersAsync(task.FormFieldList, values, async id => await staff.FindAsync(id, cancellationToken) is not null, errors);
        }
        if (task.Kind == HumanTaskKind.Approval && outcome is RequestApprovalActivity.Rejected or RequestApprovalActivity.Returned && string.IsNullOrWhiteSpace(command.Comment))
        {
            errors["comment"] = [$"Say why the request is {outcome.ToLowerInvariant()}: a comment is required."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors.SelectMany(e => e.Value.Select(m => new ValidationFailure(e.Key, m))));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var formData = values.Count == 0 && task.FormFieldList.Count == 0 ? null : JsonSerializer.Serialize(values);
        db.HumanTaskHistory.Add(task.Complete(user.Id, outcome, command.Comment, formData, now));
        events.Completed(task, now);
        await TaskAccess.SaveAsync(db, task, cancellationToken);

        WorkflowInstanceRecord instance;
        try
        {
            instance = await runner.ResumeAsync(task.BookmarkId, new Dictionary<string, object?>
            {
                [InboxBookmarks.TaskIdKey] = task.Id.ToString(),
                [InboxBookmarks.OutcomeKey] = outcome,
                [InboxBookmarks.CommentKey] = task.Comment,
                [InboxBookmarks.FormDataKey] = values,
                [InboxBookmarks.CompletedByKey] = user.Id.ToString(),
                [InboxBookmarks.OnBehalfOfKey] = task.CompletedOnBehalfOfId?.ToString(),
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is WorkflowConflictException or WorkflowNotFoundException)
        {
            // The transaction rolls back: the task stays open, nothing is half-done.
            throw new ConflictException($"Task '{task.Title}' could not be completed because its workflow cannot continue: {ex.Message}");
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var saved = await TaskAccess.LoadVisibleAsync(db, user, task.Id, cancellationToken, tracking: false);
        return new CompleteTaskResult(await TaskMapping.DetailsAsync(saved, db, user, staff, now, cancellationToken), instance.Id, instance.Status, instance.SubStatus);
    }

    private async Task EnsureMayCompleteAsync(HumanTask task, CancellationToken cancellationToken)
    {
        if (!task.IsOpen)
        {
            var by = await staff.NameAsync(task.CompletedById, cancellationToken);
            throw new ConflictException(task.Status == HumanTaskStatus.Completed
                ? $"Task '{task.Title}' was already completed by {by} at {task.CompletedAtUtc:u} ({task.Outcome})."
                : $"Task '{task.Title}' was cancelled: {task.CancelReason}");
        }

        if (task.AssigneeId is null)
        {
            throw new ForbiddenTaskActionException($"Task '{task.Title}' is in the queue {task.CandidateGroup}; claim it before completing it.");
        }

        if (task.AssigneeId != user.Id)
        {
            throw new ForbiddenTaskActionException(
                $"Task '{task.Title}' is assigned to {await staff.NameAsync(task.AssigneeId, cancellationToken)}; only the assignee can complete it.");
        }

        if (task.Delegation == DelegationState.Pending)
        {
            throw new ForbiddenTaskActionException(
                $"Task '{task.Title}' was delegated to you by {await staff.NameAsync(task.OwnerId, cancellationToken)}, who stays accountable: resolve it to return it to them.");
        }
    }

    private static string Outcome(HumanTask task, string? requested)
    {
        var outcomes = task.OutcomeList;
        if (string.IsNullOrWhiteSpace(requested))
        {
            return outcomes.Count == 1
                ? outcomes[0]
                : throw new ValidationException([new ValidationFailure("outcome", $"Choose an outcome: {string.Join(", ", outcomes)}.")]);
        }

        var match = outcomes.FirstOrDefault(o => string.Equals(o, requested.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new ValidationException([new ValidationFailure("outcome", $"'{requested}' is not an outcome of this task; choose one of {string.Join(", ", outcomes)}.")]);
    }
}

internal static class CompleteTaskEndpoint
{
    internal static RouteHandlerBuilder MapCompleteTask(this IEndpointRouteBuilder app) =>
        app.MapPost("/tasks/{id:guid}/complete", async (Guid id, CompleteTaskRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CompleteTaskCommand(id, body.Outcome, body.Comment, body.FormData), ct)))
            .WithName("CompleteInboxTask")
            .WithSummary("Complete my task with an outcome, a comment and the form's values; its workflow continues in the same transaction")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
