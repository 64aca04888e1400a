using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Inbox.Activities;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Runtime;

/// <summary>
/// The inbox's side of every workflow burst, inside the burst's transaction: creates the tasks the activities asked
/// for (bound to the bookmarks that wait for them, routed past out-of-office rules), escalates or withdraws overdue
/// ones, and cancels every open task whose bookmark the burst removed (the instance was cancelled or finished, a
/// branch was cut short). A task therefore never exists without its bookmark, nor a task bookmark without its task.
/// </summary>
internal sealed class InboxBurstObserver(
    WorkflowsDbContext db, IWorkRouting routing, InboxEvents events, WorkTransfer transfer, TimeProvider clock) : IWorkflowBurstObserver
{
    private const int MaxProxyHops = 5;

    public async Task OnBurstAsync(WorkflowInstanceRecord instance, WorkflowRunResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var workflow = new WorkflowRef(instance.Id, instance.DefinitionId, instance.Name);
        foreach (var effect in result.Effects)
        {
            switch (effect)
            {
                case CreateTaskEffect create:
                    await CreateAsync(create.Spec, result, workflow, now, cancellationToken);
                    break;
                case EscalateTasksEffect escalate:
                    await EscalateAsync(escalate, now, cancellationToken);
                    break;
                case CloseTasksEffect close:
                    foreach (var task in await OpenTasksAsync(close.ActivityInstanceId, cancellationToken))
                    {
                        AddHistory(task.Cancel(close.Reason, now));
                    }

                    break;
                case SetOutOfOfficeEffect rule:
                    db.OutOfOfficeRules.Add(OutOfOfficeRule.Create(rule.UserId, rule.ProxyId, rule.FromUtc, rule.ToUtc, rule.Note, null, now, rule.RuleId));
                    break;
                case TransferWorkEffect move:
                    await transfer.TransferTasksAsync(move.FromUserId, move.ToUserId, null, move.Reason, move.Records, now, cancellationToken);
                    break;
            }
        }

        var removed = result.BookmarksRemoved.Where(b => b.Name == InboxBookmarks.Task).Select(b => b.Id).ToList();
        if (removed.Count > 0)
        {
            var reason = instance.SubStatus == nameof(WorkflowSubStatus.Cancelled)
                ? "The workflow was cancelled."
                : instance.SubStatus == nameof(WorkflowSubStatus.Faulted)
                    ? "The workflow faulted."
                    : "The workflow no longer waits for this task.";
            var orphaned = await db.HumanTasks.Where(t => removed.Contains(t.BookmarkId) && t.Status == HumanTaskStatus.Open).ToListAsync(cancellationToken);
            foreach (var task in orphaned)
            {
                AddHistory(task.Cancel(reason, now));
            }
        }
    }

    public async Task OnInstancesDeletedAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = instanceIds.ToList();
        foreach (var task in await db.HumanTasks.Where(t => ids.Contains(t.WorkflowInstanceId) && t.Status == HumanTaskStatus.Open).ToListAsync(cancellationToken))
        {
            AddHistory(task.Cancel("The workflow instance was deleted.", now));
        }
    }

    private async Task CreateAsync(HumanTaskSpec spec, WorkflowRunResult result, WorkflowRef workflow, DateTime now, CancellationToken cancellationToken)
    {
        var taskId = spec.TaskId.ToString();
        var bookmark = result.BookmarksCreated.FirstOrDefault(b =>
            b.Name == InboxBookmarks.Task && b.Payload.GetValueOrDefault(InboxBookmarks.TaskIdKey) as string == taskId);
        if (bookmark is null)
        {
            // Created and removed within the same burst (e.g. a parallel branch finished the workflow): nobody waits for it.
            return;
        }

        var (task, history) = HumanTask.Create(spec, bookmark.Id, workflow, now);
        db.HumanTasks.Add(task);
        db.HumanTaskHistory.Add(history);
        await RouteAsync(task, now, cancellationToken);
        events.Assigned(task, "Created", now);
    }

    /// <summary>
    /// Out-of-office: while the assignee has an active rule the task goes to their proxy (and on, if the proxy is away
    /// too, up to <see cref="MaxProxyHops"/> people and never in a circle); the task shows whom it is worked for.
    /// </summary>
    private async Task RouteAsync(HumanTask task, DateTime now, CancellationToken cancellationToken)
    {
        if (task.AssigneeId is not { } absent)
        {
            return;
        }

        var visited = new HashSet<Guid> { absent };
        var current = absent;
        OutOfOfficeRule? last = null;
        for (var hop = 0; hop < MaxProxyHops; hop++)
        {
            var rule = await db.OutOfOfficeRules.AsNoTracking()
                .Where(r => r.UserId == current && r.FromUtc <= now && r.ToUtc > now)
                .OrderByDescending(r => r.CreatedAtUtc)
                .FirstOrDefaultAsync(cancellationToken);
            if (rule is null || !visited.Add(rule.ProxyId))
            {
                break;
            }

            last = rule;
            current = rule.ProxyId;
        }

        if (last is not null)
        {
            AddHistory(task.RouteToProxy(current, absent, $"Out of office until {last.ToUtc:u}{(last.Note is null ? "" : $": {last.Note}")}", now));
        }
    }

    private async Task EscalateAsync(EscalateTasksEffect escalate, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var task in await OpenTasksAsync(escalate.ActivityInstanceId, cancellationToken))
        {
            // A task re-timed since (a later approval step) is not overdue; its own timer escalates it.
            if (task.DueAtUtc is { } due && escalate.DueAtUtc is { } fired && due > fired.AddSeconds(1))
            {
                continue;
            }

            var previous = task.AssigneeId;
            var accountable = previous is null ? null : task.OnBehalfOfId ?? task.OwnerId ?? previous;
            // One rule for every kind of work (ADR 0103): a person's task goes up their own chain, a queue task to the
            // manager responsible for the queue's unit; only a queue of no unit (a role across the company) has nobody.
            var manager = await routing.EscalationTargetAsync(accountable, task.CandidateBranchId, cancellationToken);
            var note = manager is { } m
                ? previous is null ? $"Overdue in its queue: escalated to the unit's manager {m}." : $"Overdue: escalated from {previous} to their manager {m}."
                : previous is null ? "Overdue in a queue of no unit: marked urgent." : $"Overdue: no manager known for {previous}, marked urgent.";
            AddHistory(task.Escalate(manager, note, now));
            events.Escalated(task, previous, accountable, now);
        }
    }

    private Task<List<HumanTask>> OpenTasksAsync(string activityInstanceId, CancellationToken cancellationToken) =>
        db.HumanTasks.Where(t => t.ActivityInstanceId == activityInstanceId && t.Status == HumanTaskStatus.Open).ToListAsync(cancellationToken);

    private void AddHistory(HumanTaskHistory? history)
    {
        if (history is not null)
        {
            db.HumanTaskHistory.Add(history);
        }
    }
}
