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

namespace Crm.Workflows.Inbox.Features.ListTasks;

/// <summary>The inbox's lists.</summary>
internal static class TaskViewNames
{
    /// <summary>Open tasks assigned to me (including tasks delegated to me and tasks I work as a proxy).</summary>
    public const string Mine = "mine";

    /// <summary>Unclaimed tasks in the queues of my roles and my branch.</summary>
    public const string Group = "group";

    /// <summary>Open tasks I delegated and still own.</summary>
    public const string Delegated = "delegated";

    /// <summary>My and my queues' open tasks past their due time.</summary>
    public const string Overdue = "overdue";

    /// <summary>Tasks I completed, newest first.</summary>
    public const string Completed = "completed";

    /// <summary>Every open task (administrators and executives).</summary>
    public const string All = "all";

    /// <summary>The open tasks of the people I manage (<see cref="InboxUser.TeamAsync"/>); 403 for someone who manages nobody.</summary>
    public const string Team = "team";

    public static readonly string[] Names = [Mine, Group, Delegated, Overdue, Completed, All, Team];
}

internal static class TaskSorts
{
    public const string Due = "due";
    public const string Priority = "priority";
    public const string Created = "created";
    public const string Title = "title";

    public static readonly string[] All = [Due, Priority, Created, Title];
}

internal sealed record ListTasksQuery(
    string View,
    string? Module,
    string? Process,
    string? Priority,
    DateTime? DueBefore,
    DateTime? DueAfter,
    string? Search,
    string Sort,
    bool Descending,
    int Page,
    int PageSize,
    bool IncludeTotal) : IRequest<PagedResult<TaskListItem>>;

internal sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator()
    {
        RuleFor(q => q.View).Must(v => TaskViewNames.Names.Contains(v)).WithMessage($"View must be one of {string.Join(", ", TaskViewNames.Names)}.");
        RuleFor(q => q.Sort).Must(s => TaskSorts.All.Contains(s)).WithMessage($"Sort must be one of {string.Join(", ", TaskSorts.All)}.");
        RuleFor(q => q.Priority).Must(p => p is null || Enum.TryParse<TaskPriority>(p, true, out _))
            .WithMessage($"Priority must be one of {string.Join(", ", Enum.GetNames<TaskPriority>())}.");
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("Page starts at 1.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Module).MaximumLength(100);
        RuleFor(q => q.Process).MaximumLength(400);
    }
}

internal sealed class ListTasksHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, TimeProvider clock)
    : IRequestHandler<ListTasksQuery, PagedResult<TaskListItem>>
{
    public async Task<PagedResult<TaskListItem>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tasks = await TaskQueries.ViewAsync(db.HumanTasks.AsNoTracking(), query.View, user, now, cancellationToken);
        tasks = Filter(tasks, query);
        var total = query.IncludeTotal ? await tasks.LongCountAsync(cancellationToken) : (long?)null;

        // Two steps: the page's ids from the view's index alone (it holds every column the views filter and sort on,
        // so a busy inbox is sorted without reading its rows), then only those rows.
        var ids = await Order(tasks, query)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        var pageIds = ids.Take(query.PageSize).ToList();
        if (pageIds.Count == 0)
        {
            return new PagedResult<TaskListItem>([], query.Page, query.PageSize, false, null, total);
        }

        var rows = await db.HumanTasks.AsNoTracking()
            .Where(t => pageIds.Contains(t.Id))
            .Select(t => new
            {
                t.Id, t.Kind, t.Title, t.ProcessName, t.Module, t.Priority, t.Status, t.AssigneeId, t.OnBehalfOfId, t.OwnerId, t.Delegation,
                t.CandidateGroup, t.CreatedAtUtc, t.DueAtUtc, t.EscalatedAtUtc, t.CompletedAtUtc, t.Outcome, t.Link, t.Amount,
            })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var page = pageIds.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
        var names = await staff.NamesAsync(page.SelectMany(r => new[] { r.AssigneeId, r.OnBehalfOfId, r.OwnerId }), cancellationToken);
        var items = page.Select(r => new TaskListItem(
                r.Id, r.Kind, r.Title, r.ProcessName, r.Module, r.Priority, r.Status,
                TaskMapping.Person(r.AssigneeId, names), TaskMapping.Person(r.OnBehalfOfId, names), TaskMapping.Person(r.OwnerId, names), r.Delegation,
                r.CandidateGroup, r.CreatedAtUtc, r.DueAtUtc, r.Status == HumanTaskStatus.Open && r.DueAtUtc < now, r.EscalatedAtUtc, r.CompletedAtUtc,
                r.Outcome, r.Link, r.Amount))
            .ToList();
        return new PagedResult<TaskListItem>(items, query.Page, query.PageSize, ids.Count > query.PageSize, null, total);
    }

    private static IQueryable<HumanTask> Filter(IQueryable<HumanTask> tasks, ListTasksQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Module))
        {
            var module = query.Module.Trim();
            tasks = tasks.Where(t => t.Module == module);
        }

        if (!string.IsNullOrWhiteSpace(query.Process))
        {
            var process = query.Process.Trim();
            tasks = tasks.Where(t => t.WorkflowDefinitionId == process || t.ProcessName == process);
        }

        if (query.Priority is not null && Enum.TryParse<TaskPriority>(query.Priority, true, out var priority))
        {
            tasks = tasks.Where(t => t.Priority == priority);
        }

        if (query.DueBefore is { } before)
        {
            var b = before.ToUniversalTime();
            tasks = tasks.Where(t => t.DueAtUtc < b);
        }

        if (query.DueAfter is { } after)
        {
            var a = after.ToUniversalTime();
            tasks = tasks.Where(t => t.DueAtUtc >= a);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            tasks = tasks.Where(t => t.Title.Contains(search) || t.ProcessName.Contains(search));
        }

        return tasks;
    }

    private static IQueryable<HumanTask> Order(IQueryable<HumanTask> tasks, ListTasksQuery query)
    {
        if (query.View == TaskViewNames.Completed)
        {
            return tasks.OrderByDescending(t => t.CompletedAtUtc).ThenByDescending(t => t.Id);
        }

        var d = query.Descending;
        return query.Sort switch
        {
            TaskSorts.Priority => (d ? tasks.OrderBy(t => t.Priority) : tasks.OrderByDescending(t => t.Priority))
                .ThenBy(t => t.DueSortUtc).ThenBy(t => t.Id),
            TaskSorts.Created => (d ? tasks.OrderByDescending(t => t.CreatedAtUtc) : tasks.OrderBy(t => t.CreatedAtUtc)).ThenBy(t => t.Id),
            TaskSorts.Title => (d ? tasks.OrderByDescending(t => t.Title) : tasks.OrderBy(t => t.Title)).ThenBy(t => t.Id),
            // Due first, tasks without a due time last (DueSortUtc), then the most urgent; the index delivers the first key.
            _ => (d ? tasks.OrderBy(t => t.DueAtUtc == null).ThenByDescending(t => t.DueSortUtc) : tasks.OrderBy(t => t.DueSortUtc))
                .ThenByDescending(t => t.Priority).ThenBy(t => t.CreatedAtUtc).ThenBy(t => t.Id),
        };
    }
}

/// <summary>The views as queries, shared by the list and the badge counts; each matches one of the partial indexes.</summary>
internal static class TaskQueries
{
    public static async Task<IQueryable<HumanTask>> ViewAsync(IQueryable<HumanTask> tasks, string view, InboxUser user, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var me = user.Id;
        switch (view)
        {
            case TaskViewNames.Group:
                var groups = await user.GroupKeysAsync(cancellationToken);
                return tasks.Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == null && groups.Contains(t.CandidateGroup!));
            case TaskViewNames.Delegated:
                return tasks.Where(t => t.Status == HumanTaskStatus.Open && t.Delegation == DelegationState.Pending && t.OwnerId == me);
            case TaskViewNames.Overdue:
                // Two index searches glued with UNION ALL: an OR of both would make SQLite scan every open task.
                var queues = await user.GroupKeysAsync(cancellationToken);
                return tasks.Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == me && t.DueSortUtc < nowUtc)
                    .Concat(tasks.Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == null && queues.Contains(t.CandidateGroup!) && t.DueSortUtc < nowUtc));
            case TaskViewNames.Completed:
                return tasks.Where(t => t.CompletedById == me && t.Status == HumanTaskStatus.Completed);
            case TaskViewNames.All:
                if (!user.ManagesEveryone)
                {
                    throw new ForbiddenTaskActionException("Only administrators and executives see everyone's tasks.");
                }

                return tasks.Where(t => t.Status == HumanTaskStatus.Open);
            case TaskViewNames.Team:
                var team = await user.TeamAsync(cancellationToken);
                if (team.IsEmpty)
                {
                    throw new ForbiddenTaskActionException("Only a manager sees a team's tasks: nobody reports to you.");
                }

                var people = team.People;
                return team.Everyone
                    ? tasks.Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId != null && t.AssigneeId != me)
                    : tasks.Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId != null && people.Contains(t.AssigneeId.Value));
            default:
                return tasks.Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == me);
        }
    }
}

internal sealed record TaskCountsQuery : IRequest<TaskCounts>;

/// <summary>Badge numbers: each an indexed count over open tasks only.</summary>
internal sealed record TaskCounts(int Mine, int Group, int Delegated, int Overdue);

internal sealed class TaskCountsHandler(WorkflowsDbContext db, InboxUser user, TimeProvider clock) : IRequestHandler<TaskCountsQuery, TaskCounts>
{
    public async Task<TaskCounts> Handle(TaskCountsQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tasks = db.HumanTasks.AsNoTracking();
        async Task<int> CountAsync(string view) => await (await TaskQueries.ViewAsync(tasks, view, user, now, cancellationToken)).CountAsync(cancellationToken);
        return new TaskCounts(
            await CountAsync(TaskViewNames.Mine),
            await CountAsync(TaskViewNames.Group),
            await CountAsync(TaskViewNames.Delegated),
            await CountAsync(TaskViewNames.Overdue));
    }
}

internal static class ListTasksEndpoint
{
    internal static void MapListTasks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tasks", Handle)
            .WithName("ListInboxTasks")
            .WithSummary("The signed-in user's tasks: view mine | group | delegated | overdue | completed | all | team (a manager's people); filters, sort and paging")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapGet("/counts", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new TaskCountsQuery(), ct)))
            .WithName("InboxCounts")
            .WithSummary("Badge counts: my open tasks, my queues' unclaimed tasks, tasks I delegated, overdue")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Ok<PagedResult<TaskListItem>>> Handle(
        IMediator mediator,
        CancellationToken cancellationToken,
        string? view,
        string? module,
        string? process,
        string? priority,
        DateTime? dueBefore,
        DateTime? dueAfter,
        string? search,
        string? sort,
        string? direction,
        int? page,
        int? pageSize,
        bool? includeTotal)
    {
        var query = new ListTasksQuery(
            (view ?? TaskViewNames.Mine).Trim().ToLowerInvariant(), module, process, string.IsNullOrWhiteSpace(priority) ? null : priority.Trim(),
            dueBefore, dueAfter, search, (sort ?? TaskSorts.Due).Trim().ToLowerInvariant(), string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase),
            page ?? 1, pageSize ?? 25, includeTotal ?? false);
        return TypedResults.Ok(await mediator.Send(query, cancellationToken));
    }
}
