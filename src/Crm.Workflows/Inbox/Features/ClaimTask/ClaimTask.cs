using Crm.BuildingBlocks.Application;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Inbox.Features.ClaimTask;

/// <summary>Takes an unclaimed task from one of my queues. Of two people claiming at once exactly one wins (the task's version).</summary>
internal sealed record ClaimTaskCommand(Guid Id) : IRequest<TaskDetails>;

/// <summary>Puts a claimed group task back in its queue.</summary>
internal sealed record UnclaimTaskCommand(Guid Id) : IRequest<TaskDetails>;

internal sealed class ClaimTaskHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, TimeProvider clock)
    : IRequestHandler<ClaimTaskCommand, TaskDetails>, IRequestHandler<UnclaimTaskCommand, TaskDetails>
{
    public async Task<TaskDetails> Handle(ClaimTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, user, command.Id, cancellationToken);
        if (task.IsOpen && task.AssigneeId is { } holder && holder != user.Id)
        {
            throw new ConflictException($"Task '{task.Title}' has already been claimed by {await staff.NameAsync(holder, cancellationToken)}.");
        }

        if (task.IsOpen && task.AssigneeId is null && !await user.IsInGroupAsync(task.CandidateGroup, cancellationToken))
        {
            throw new ForbiddenTaskActionException($"Task '{task.Title}' is in the queue {task.CandidateGroup}, which you are not a member of.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.HumanTaskHistory.Add(task.Claim(user.Id, now));
        await TaskAccess.SaveAsync(db, task, cancellationToken);
        return await TaskMapping.DetailsAsync(task, db, user, staff, now, cancellationToken);
    }

    public async Task<TaskDetails> Handle(UnclaimTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, user, command.Id, cancellationToken);
        if (task.IsOpen && task.AssigneeId != user.Id)
        {
            throw new ForbiddenTaskActionException($"Task '{task.Title}' is not yours to return to the queue.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.HumanTaskHistory.Add(task.Unclaim(user.Id, now));
        await TaskAccess.SaveAsync(db, task, cancellationToken);
        return await TaskMapping.DetailsAsync(task, db, user, staff, now, cancellationToken);
    }
}

internal static class ClaimTaskEndpoint
{
    internal static void MapClaimTask(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tasks/{id:guid}/claim", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ClaimTaskCommand(id), ct)))
            .WithName("ClaimInboxTask")
            .WithSummary("Claim an unclaimed task of one of my queues (409 when someone else claimed it first)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/tasks/{id:guid}/unclaim", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new UnclaimTaskCommand(id), ct)))
            .WithName("UnclaimInboxTask")
            .WithSummary("Return a claimed group task to its queue")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
