using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Ownership;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Features.TeamWorkload;

/// <summary>A manager's team and what each person has open: tasks (and how many are overdue) and, through every enabled module, records.</summary>
internal sealed record TeamWorkloadQuery : IRequest<IReadOnlyList<PersonWorkload>>;

/// <summary>
/// One person's open work. <see cref="Records"/>: one entry per module and kind ("Funnel", "leads"), counted by the
/// same selection a leaver transfer would move, within what the manager may see.
/// </summary>
internal sealed record PersonWorkload(Guid PersonId, string Name, int OpenTasks, int OverdueTasks, IReadOnlyList<OwnedKind> Records);

internal sealed class TeamWorkloadHandler(
    WorkflowsDbContext db, InboxUser user, StaffLookup staff, IEnumerable<IOwnershipContribution> contributions, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<TeamWorkloadQuery, IReadOnlyList<PersonWorkload>>
{
    public async Task<IReadOnlyList<PersonWorkload>> Handle(TeamWorkloadQuery query, CancellationToken cancellationToken)
    {
        var team = await user.TeamAsync(cancellationToken);
        if (team.IsEmpty)
        {
            throw new ForbiddenTaskActionException("Only a manager sees a team's workload: nobody reports to you.");
        }

        var people = team.People;
        var now = clock.GetUtcNow().UtcDateTime;
        var tasks = await db.HumanTasks.AsNoTracking()
            .Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId != null && people.Contains(t.AssigneeId.Value))
            .GroupBy(t => t.AssigneeId!.Value)
            .Select(g => new { Person = g.Key, Open = g.Count(), Overdue = g.Count(t => t.DueSortUtc < now) })
            .ToDictionaryAsync(g => g.Person, cancellationToken);

        // Records as the manager sees them (the read scope): the workload of their people, not of anyone else's.
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var records = new List<(string Module, OwnedRecords Owned)>();
        foreach (var contribution in contributions)
        {
            records.AddRange((await contribution.CountAsync(people, scope, cancellationToken)).Select(r => (contribution.Module, r)));
        }

        var names = await staff.NamesAsync(people.Cast<Guid?>(), cancellationToken);
        return people
            .Select(p => new PersonWorkload(
                p,
                names[p],
                tasks.GetValueOrDefault(p)?.Open ?? 0,
                tasks.GetValueOrDefault(p)?.Overdue ?? 0,
                records.Where(r => r.Owned.OwnerId == p).Select(r => new OwnedKind(r.Module, r.Owned.Kind, r.Owned.One, r.Owned.Many, r.Owned.Count)).ToList()))
            .OrderBy(w => w.Name, StringComparer.CurrentCulture)
            .ToList();
    }
}

internal static class TeamWorkloadEndpoint
{
    internal static RouteHandlerBuilder MapTeamWorkload(this IEndpointRouteBuilder app) =>
        app.MapGet("/team/workload", async Task<Ok<IReadOnlyList<PersonWorkload>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new TeamWorkloadQuery(), ct)))
            .WithName("TeamWorkload")
            .WithSummary("As a manager: each person of your team with their open and overdue tasks and the open records every enabled module counts for them")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
