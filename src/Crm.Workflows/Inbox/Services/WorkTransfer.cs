using Crm.Accounts.PublicApi;
using Crm.Funnel.PublicApi;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Services;

/// <summary>
/// A leaver's work to a successor: their open tasks (as assignee, as delegating owner, as the absent person a proxy
/// works for), their out-of-office rules (ended; where they were the proxy, the successor takes over), through the
/// Accounts module's API their customers, and through the Funnel module's API their open leads and opportunities.
/// Stages the task changes on the caller's DbContext; the caller saves them in one transaction.
/// </summary>
internal sealed class WorkTransfer(WorkflowsDbContext db, InboxEvents events)
{
    public static IQueryable<HumanTask> Affected(IQueryable<HumanTask> tasks, Guid leaverId) =>
        tasks.Where(t => t.Status == HumanTaskStatus.Open && (t.AssigneeId == leaverId || t.OwnerId == leaverId || t.OnBehalfOfId == leaverId));

    /// <summary>Moves the tasks and rules; returns how many tasks moved. <paramref name="actorId"/> null: the workflow did it.</summary>
    public async Task<TaskTransferResult> TransferTasksAsync(
        Guid fromUserId, Guid toUserId, Guid? actorId, string reason, int? customers, FunnelHandover? sales, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var tasks = await Affected(db.HumanTasks, fromUserId).ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            db.HumanTaskHistory.Add(task.Transfer(actorId, fromUserId, toUserId, reason, nowUtc));
        }

        var rules = await db.OutOfOfficeRules
            .Where(r => (r.UserId == fromUserId && r.ToUtc > nowUtc) || (r.ProxyId == fromUserId && r.ToUtc > nowUtc))
            .ToListAsync(cancellationToken);
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

        events.Transferred(fromUserId, toUserId, tasks.Count, customers, sales, reason, nowUtc);
        return new TaskTransferResult(tasks.Count, rules.Count);
    }

    /// <summary>
    /// The leaver's customers through <see cref="IAccountsApi"/> (null when the Accounts module is off): the count, or
    /// null and the reason they were not moved.
    /// </summary>
    public static async Task<(int? Count, string? Note)> TransferCustomersAsync(
        IAccountsApi? accounts, Guid fromUserId, Guid toUserId, string reason, CancellationToken cancellationToken) =>
        accounts is null
            ? (null, "Customers not transferred: Accounts module disabled.")
            : (await accounts.TransferOwnershipAsync(fromUserId, toUserId, reason, cancellationToken), null);

    /// <summary>The leaver's open leads and opportunities through <see cref="IFunnelApi"/> (null when the Funnel module is off).</summary>
    public static async Task<(FunnelHandover? Moved, string? Note)> TransferSalesAsync(
        IFunnelApi? funnel, Guid fromUserId, Guid toUserId, string reason, CancellationToken cancellationToken) =>
        funnel is null
            ? (null, "Leads and opportunities not transferred: Funnel module disabled.")
            : (await funnel.TransferOwnershipAsync(fromUserId, toUserId, reason, cancellationToken), null);
}

internal sealed record TaskTransferResult(int Tasks, int OutOfOfficeRules);
