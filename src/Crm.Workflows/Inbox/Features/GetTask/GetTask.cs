using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Inbox.Features.GetTask;

internal sealed record GetTaskQuery(Guid Id) : IRequest<TaskDetails>;

internal sealed class GetTaskHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, TimeProvider clock) : IRequestHandler<GetTaskQuery, TaskDetails>
{
    public async Task<TaskDetails> Handle(GetTaskQuery query, CancellationToken cancellationToken)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, user, query.Id, cancellationToken, tracking: false);
        return await TaskMapping.DetailsAsync(task, db, user, staff, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

internal static class GetTaskEndpoint
{
    internal static RouteHandlerBuilder MapGetTask(this IEndpointRouteBuilder app) =>
        app.MapGet("/tasks/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetTaskQuery(id), ct)))
            .WithName("GetInboxTask")
            .WithSummary("One task: description, outcomes, form, audit history, and the actions the signed-in user may take")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
