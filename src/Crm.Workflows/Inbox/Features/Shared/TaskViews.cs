using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Features.Shared;

internal sealed record PersonRef(Guid Id, string Name);

/// <summary>A row of an inbox list: only what the list shows.</summary>
internal sealed record TaskListItem(
    Guid Id,
    HumanTaskKind Kind,
    string Title,
    string ProcessName,
    string? Module,
    TaskPriority Priority,
    HumanTaskStatus Status,
    PersonRef? Assignee,
    PersonRef? OnBehalfOf,
    PersonRef? Owner,
    DelegationState Delegation,
    string? CandidateGroup,
    DateTime CreatedAt,
    DateTime? DueAt,
    bool IsOverdue,
    DateTime? EscalatedAt,
    DateTime? CompletedAt,
    string? Outcome,
    string? Link,
    decimal? Amount);

/// <summary>One task with its form, history and the actions the caller may take on it.</summary>
internal sealed record TaskDetails(
    Guid Id,
    HumanTaskKind Kind,
    string Title,
    string? Description,
    string ProcessName,
    string WorkflowDefinitionId,
    string WorkflowInstanceId,
    string? Module,
    string? Link,
    TaskPriority Priority,
    HumanTaskStatus Status,
    PersonRef? Assignee,
    PersonRef? OnBehalfOf,
    PersonRef? Owner,
    DelegationState Delegation,
    string? CandidateGroup,
    string? CandidateRole,
    Guid? CandidateBranchId,
    DateTime CreatedAt,
    DateTime? DueAt,
    bool IsOverdue,
    OverdueAction OnOverdue,
    DateTime? EscalatedAt,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<FormField> FormFields,
    JsonElement? FormData,
    string? Outcome,
    string? Comment,
    PersonRef? CompletedBy,
    PersonRef? CompletedOnBehalfOf,
    DateTime? CompletedAt,
    string? CancelReason,
    decimal? Amount,
    int? ApprovalStep,
    long Version,
    IReadOnlyList<string> Actions,
    IReadOnlyList<TaskHistoryItem> History);

internal sealed record TaskHistoryItem(long Id, TaskAction Action, PersonRef? Actor, PersonRef? OnBehalfOf, DateTime At, JsonElement? Before, JsonElement? After, string? Comment);

/// <summary>What a user may do with a task; the same rules the commands enforce, so a UI can show only working buttons.</summary>
internal static class TaskActions
{
    public const string Claim = "claim";
    public const string Unclaim = "unclaim";
    public const string Complete = "complete";
    public const string Delegate = "delegate";
    public const string Resolve = "resolve";
    public const string Reassign = "reassign";

    public static async Task<IReadOnlyList<string>> ForAsync(HumanTask task, InboxUser user, CancellationToken cancellationToken)
    {
        if (!task.IsOpen)
        {
            return [];
        }

        var me = user.Id;
        var actions = new List<string>();
        if (task.AssigneeId is null && await user.IsInGroupAsync(task.CandidateGroup, cancellationToken))
        {
            actions.Add(Claim);
        }

        if (task.AssigneeId == me)
        {
            if (task.Delegation == DelegationState.Pending)
            {
                actions.Add(Resolve);
            }
            else
            {
                actions.Add(Complete);
                actions.Add(Delegate);
                if (task.CandidateGroup is not null)
                {
                    actions.Add(Unclaim);
                }
            }
        }

        if (await TaskAccess.CanReassignAsync(task, user, cancellationToken))
        {
            actions.Add(Reassign);
        }

        return actions;
    }
}

/// <summary>
/// Loading a task for a user: the one place that decides whether a task exists for them. Every read and every action
/// (claim, complete, delegate, resolve, reassign …) loads through <see cref="LoadVisibleAsync"/>, so a task the user
/// may not see answers exactly like a missing one (404, same message, no title or assignee) and its existence does not
/// leak through a 403 or 409.
/// </summary>
internal static class TaskAccess
{
    private static async Task<HumanTask?> FindAsync(WorkflowsDbContext db, Guid id, CancellationToken cancellationToken, bool tracking)
    {
        var query = tracking ? db.HumanTasks : db.HumanTasks.AsNoTracking();
        return await query.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    internal static NotFoundException Missing(Guid id) => new($"Task {id} does not exist.");

    /// <summary>
    /// Who may see a task: whoever it is with or for (assignee, owner, absent colleague, completer), members of its queue,
    /// and the managers of those people or of the queue's branch.
    /// </summary>
    public static async Task<bool> CanSeeAsync(HumanTask task, InboxUser user, CancellationToken cancellationToken)
    {
        var me = user.Id;
        if (task.AssigneeId == me || task.OwnerId == me || task.OnBehalfOfId == me || task.CompletedById == me)
        {
            return true;
        }

        if (await user.IsInGroupAsync(task.CandidateGroup, cancellationToken))
        {
            return true;
        }

        return await CanReassignAsync(task, user, cancellationToken, evenWhenClosed: true);
    }

    /// <summary>"Reassign (by managers)": the manager of the person the task is with or for, or of the queue's branch.</summary>
    public static async Task<bool> CanReassignAsync(HumanTask task, InboxUser user, CancellationToken cancellationToken, bool evenWhenClosed = false)
    {
        if (!task.IsOpen && !evenWhenClosed)
        {
            return false;
        }

        if (user.ManagesEveryone)
        {
            return true;
        }

        foreach (var person in new[] { task.AssigneeId, task.OwnerId, task.OnBehalfOfId })
        {
            if (person is not null && person != user.Id && await user.CanManageAsync(person, cancellationToken))
            {
                return true;
            }
        }

        return task.CandidateBranchId is { } branch && await user.ManagesBranchAsync(branch, cancellationToken);
    }

    public static async Task<HumanTask> LoadVisibleAsync(WorkflowsDbContext db, InboxUser user, Guid id, CancellationToken cancellationToken, bool tracking = true)
    {
        var task = await FindAsync(db, id, cancellationToken, tracking);
        return task is not null && await CanSeeAsync(task, user, cancellationToken) ? task : throw Missing(id);
    }

    /// <summary>Saves a task change; a concurrent change to the same task (another claim, a completion) is a clear 409.</summary>
    public static async Task SaveAsync(WorkflowsDbContext db, HumanTask task, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Task '{task.Title}' was changed by someone else at the same moment (claimed, completed or reassigned). Reload it and try again.");
        }
    }
}

internal static class TaskMapping
{
    public static async Task<TaskDetails> DetailsAsync(HumanTask task, WorkflowsDbContext db, InboxUser user, StaffLookup staff, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var history = await db.HumanTaskHistory.AsNoTracking().Where(h => h.TaskId == task.Id).OrderBy(h => h.Id).ToListAsync(cancellationToken);
        var names = await staff.NamesAsync(
            new[] { task.AssigneeId, task.OnBehalfOfId, task.OwnerId, task.CompletedById, task.CompletedOnBehalfOfId }
                .Concat(history.SelectMany(h => new[] { h.ActorId, h.OnBehalfOfId })),
            cancellationToken);
        return new TaskDetails(
            task.Id, task.Kind, task.Title, task.Description, task.ProcessName, task.WorkflowDefinitionId, task.WorkflowInstanceId, task.Module, task.Link,
            task.Priority, task.Status, Person(task.AssigneeId, names), Person(task.OnBehalfOfId, names), Person(task.OwnerId, names), task.Delegation,
            task.CandidateGroup, task.CandidateRole, task.CandidateBranchId, task.CreatedAtUtc, task.DueAtUtc, task.IsOverdue(nowUtc), task.OnOverdue,
            task.EscalatedAtUtc, task.OutcomeList, task.FormFieldList, Json(task.FormData), task.Outcome, task.Comment,
            Person(task.CompletedById, names), Person(task.CompletedOnBehalfOfId, names), task.CompletedAtUtc, task.CancelReason, task.Amount,
            task.ApprovalStep, task.Version, await TaskActions.ForAsync(task, user, cancellationToken),
            history.Select(h => new TaskHistoryItem(h.Id, h.Action, Person(h.ActorId, names), Person(h.OnBehalfOfId, names), h.AtUtc, Json(h.Before), Json(h.After), h.Comment)).ToList());
    }

    public static PersonRef? Person(Guid? id, IReadOnlyDictionary<Guid, string> names) =>
        id is { } value ? new PersonRef(value, names.GetValueOrDefault(value) ?? value.ToString()) : null;

    private static JsonElement? Json(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
