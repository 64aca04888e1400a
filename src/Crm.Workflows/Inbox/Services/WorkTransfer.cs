using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Ownership;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Crm.Workflows.PublicApi.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Services;

/// <summary>
/// A leaver's work to a successor: their open tasks (as assignee, as delegating owner, as the absent person a proxy
/// works for), their out-of-office rules (ended; where they were the proxy, the successor takes over), and through
/// every enabled module's <see cref="IOwnershipContribution"/> the records they own (customers, leads, opportunities …).
/// Stages the task changes on the caller's DbContext; the caller saves them in one transaction.
/// </summary>
internal sealed class WorkTransfer(WorkflowsDbContext db, InboxEvents events)
{
    public static IQueryable<HumanTask> Affected(IQueryable<HumanTask> tasks, Guid leaverId) =>
        tasks.Where(t => t.Status == HumanTaskStatus.Open && (t.AssigneeId == leaverId || t.OwnerId == leaverId || t.OnBehalfOfId == leaverId));

    /// <summary>The leaver's running or future out-of-office rules, and those where they stand in for someone.</summary>
    public static IQueryable<OutOfOfficeRule> AffectedRules(IQueryable<OutOfOfficeRule> rules, Guid leaverId, DateTime nowUtc) =>
        rules.Where(r => (r.UserId == leaverId && r.ToUtc > nowUtc) || (r.ProxyId == leaverId && r.ToUtc > nowUtc));

    /// <summary>Moves the tasks and rules; returns how many tasks moved. <paramref name="actorId"/> null: the workflow did it.</summary>
    public async Task<TaskTransferResult> TransferTasksAsync(
        Guid fromUserId, Guid toUserId, Guid? actorId, string reason, IReadOnlyList<TransferredRecords> records, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var tasks = await Affected(db.HumanTasks, fromUserId).ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            db.HumanTaskHistory.Add(task.Transfer(actorId, fromUserId, toUserId, reason, nowUtc));
        }

        var rules = await AffectedRules(db.OutOfOfficeRules, fromUserId, nowUtc).ToListAsync(cancellationToken);
        foreach (var rule in rules)
        {
            if (rule.UserId == fromUserId)
            {
                rule.EndAt(nowUtc);
            }
            else
            {
                rule.ReplaceProxy(toUserId);
            }
        }

        events.Transferred(fromUserId, toUserId, tasks.Count, records, reason, nowUtc);
        return new TaskTransferResult(tasks.Count, rules.Count);
    }

    /// <summary>
    /// The leaver's records through every registered contribution, each in its module's own transaction and limited
    /// to <paramref name="scope"/> (what the caller may reassign). Runs before the tasks move: a failure here stops
    /// the transfer, and repeating it is harmless (only what is still the leaver's moves).
    /// </summary>
    public static async Task<IReadOnlyList<TransferredRecords>> HandOverRecordsAsync(
        IEnumerable<IOwnershipContribution> contributions, Guid fromUserId, Guid toUserId, string reason, RecordScope scope, CancellationToken cancellationToken)
    {
        var handover = new OwnershipHandover(fromUserId, toUserId, reason, scope);
        var moved = new List<TransferredRecords>();
        foreach (var contribution in contributions)
        {
            foreach (var kind in await contribution.HandOverAsync(handover, cancellationToken))
            {
                moved.Add(new TransferredRecords(contribution.Module, kind.Kind, kind.One, kind.Many, kind.Count));
            }
        }

        return moved;
    }

    /// <summary>"1 customer, 2 leads and 0 opportunities are now yours." for a task description or a log line.</summary>
    public static string Describe(IReadOnlyList<TransferredRecords> records) =>
        records.Count switch
        {
            0 => "No module with records to hand over is enabled.",
            1 => $"{records[0]} {(records[0].Count == 1 ? "is" : "are")} now yours.",
            _ => $"{string.Join(", ", records.Take(records.Count - 1))} and {records[^1]} are now yours.",
        };
}

internal sealed record TaskTransferResult(int Tasks, int OutOfOfficeRules);
