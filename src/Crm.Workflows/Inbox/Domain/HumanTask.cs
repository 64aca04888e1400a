using System.Text.Json;
using Crm.BuildingBlocks.Application;

namespace Crm.Workflows.Inbox.Domain;

internal enum HumanTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

internal enum HumanTaskKind
{
    Task,
    Approval,
}

/// <summary>Stored as its number, so "priority desc" sorts Urgent first in SQL.</summary>
internal enum TaskPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

/// <summary>Flowable/Camunda 7 delegation: Pending while the delegate works it, Resolved once it is back with the owner.</summary>
internal enum DelegationState
{
    None,
    Pending,
    Resolved,
}

/// <summary>What happens when a task's due time passes.</summary>
internal enum OverdueAction
{
    /// <summary>Nothing but the "overdue" view and badge.</summary>
    None,

    /// <summary>The task is withdrawn and the workflow continues on the activity's "Overdue" port.</summary>
    Outcome,

    /// <summary>The task goes to the assignee's manager (from the staff directory) and becomes urgent.</summary>
    EscalateToManager,
}

/// <summary>
/// A piece of work for a person, created by a workflow that waits for it (its bookmark). The task row is the truth of
/// who may act on it; every change goes through a method here that returns the <see cref="HumanTaskHistory"/> entry
/// recording it (who, when, on whose behalf, the fields before and after), so no change escapes the audit.
/// </summary>
internal sealed class HumanTask
{
    private HumanTask()
    {
    }

    public Guid Id { get; private set; }

    public HumanTaskKind Kind { get; private set; }

    public string WorkflowInstanceId { get; private set; } = "";

    public string WorkflowDefinitionId { get; private set; } = "";

    /// <summary>The workflow's name when the task was created (the inbox's "process" column and filter).</summary>
    public string ProcessName { get; private set; } = "";

    public string ActivityId { get; private set; } = "";

    /// <summary>The activity execution that waits for the task; an approval's several tasks share it.</summary>
    public string ActivityInstanceId { get; private set; } = "";

    /// <summary>The bookmark that completing the task resumes.</summary>
    public string BookmarkId { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>The CRM area the task belongs to ("Accounts", "Funnel"), for the inbox filter.</summary>
    public string? Module { get; private set; }

    /// <summary>Where the record behind the task is, e.g. "/accounts/{id}".</summary>
    public string? Link { get; private set; }

    public TaskPriority Priority { get; private set; }

    public HumanTaskStatus Status { get; private set; }

    /// <summary>Who works the task now: its assignee, a claimer, or a delegate. Null for an unclaimed group task.</summary>
    public Guid? AssigneeId { get; private set; }

    /// <summary>Who stays accountable while the task is delegated (set by <see cref="Delegate"/>).</summary>
    public Guid? OwnerId { get; private set; }

    public DelegationState Delegation { get; private set; }

    /// <summary>The absent person a proxy works the task for (out-of-office routing); shown as "on behalf of".</summary>
    public Guid? OnBehalfOfId { get; private set; }

    /// <summary>The queue key: a role ("Sales"), a branch ("branch:{id}") or both ("Sales@branch:{id}"); see <see cref="Groups"/>.</summary>
    public string? CandidateGroup { get; private set; }

    public string? CandidateRole { get; private set; }

    public Guid? CandidateBranchId { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public DateTime? DueAtUtc { get; private set; }

    /// <summary>
    /// <see cref="DueAtUtc"/>, or <see cref="NoDue"/> for a task without one: the inbox sorts by due time with undated
    /// tasks last, and a plain column lets the (assignee, due) index deliver that order, so a first page reads 25 rows
    /// instead of sorting all of a busy person's open tasks.
    /// </summary>
    public DateTime DueSortUtc { get; private set; }

    /// <summary>The sort key of "no due time": after every real one.</summary>
    public static readonly DateTime NoDue = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public DateTime? ClaimedAtUtc { get; private set; }

    public DateTime? CompletedAtUtc { get; private set; }

    public DateTime? EscalatedAtUtc { get; private set; }

    public OverdueAction OnOverdue { get; private set; }

    /// <summary>JSON array of the outcomes the person chooses from (the activity's ports).</summary>
    public string Outcomes { get; private set; } = "[]";

    /// <summary>JSON array of <see cref="FormField"/>s; null when the task has no form.</summary>
    public string? FormFields { get; private set; }

    /// <summary>JSON object of the form's values: a delegate's draft, then what the completer submitted.</summary>
    public string? FormData { get; private set; }

    public string? Outcome { get; private set; }

    public string? Comment { get; private set; }

    public Guid? CompletedById { get; private set; }

    public Guid? CompletedOnBehalfOfId { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>An approval's amount (for display and thresholds).</summary>
    public decimal? Amount { get; private set; }

    /// <summary>An approval's step: 1-based level of a sequential chain, or the approver's index in a parallel one.</summary>
    public int? ApprovalStep { get; private set; }

    /// <summary>Optimistic concurrency: of two requests that read the same version, only the first write wins.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<string> OutcomeList => JsonSerializer.Deserialize<List<string>>(Outcomes) ?? [];

    public IReadOnlyList<FormField> FormFieldList => FormFields is null ? [] : JsonSerializer.Deserialize<List<FormField>>(FormFields, FormField.Json) ?? [];

    public bool IsOpen => Status == HumanTaskStatus.Open;

    public bool IsOverdue(DateTime nowUtc) => IsOpen && DueAtUtc is { } due && due < nowUtc;

    public static (HumanTask Task, HumanTaskHistory History) Create(HumanTaskSpec spec, string bookmarkId, WorkflowRef workflow, DateTime nowUtc)
    {
        var task = new HumanTask
        {
            Id = spec.TaskId,
            Kind = spec.Kind,
            WorkflowInstanceId = workflow.InstanceId,
            WorkflowDefinitionId = workflow.DefinitionId,
            ProcessName = Truncate(workflow.Name, 400) ?? "",
            ActivityId = spec.ActivityId,
            ActivityInstanceId = spec.ActivityInstanceId,
            BookmarkId = bookmarkId,
            Title = Truncate(spec.Title, 400) ?? "",
            Description = Truncate(spec.Description, 8000),
            Module = Truncate(spec.Module, 100),
            Link = Truncate(spec.Link, 500),
            Priority = spec.Priority,
            Status = HumanTaskStatus.Open,
            AssigneeId = spec.AssigneeId,
            CandidateRole = spec.CandidateRole,
            CandidateBranchId = spec.CandidateBranchId,
            CandidateGroup = Groups.Key(spec.CandidateRole, spec.CandidateBranchId),
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
            DueAtUtc = spec.DueAtUtc,
            DueSortUtc = spec.DueAtUtc ?? NoDue,
            OnOverdue = spec.OnOverdue,
            Outcomes = JsonSerializer.Serialize(spec.Outcomes),
            FormFields = spec.FormFields.Count == 0 ? null : JsonSerializer.Serialize(spec.FormFields, FormField.Json),
            Amount = spec.Amount,
            ApprovalStep = spec.ApprovalStep,
        };
        return (task, HumanTaskHistory.Of(task, TaskAction.Created, null, null, new Dictionary<string, object?>(), task.Routing(), null, nowUtc));
    }

    /// <summary>Out-of-office: the new task goes to <paramref name="proxyId"/>, who works it on behalf of the absent assignee.</summary>
    public HumanTaskHistory RouteToProxy(Guid proxyId, Guid absentId, string note, DateTime nowUtc) =>
        Change(TaskAction.RoutedToProxy, null, null, note, nowUtc, () =>
        {
            AssigneeId = proxyId;
            OnBehalfOfId = absentId;
        });

    public HumanTaskHistory Claim(Guid userId, DateTime nowUtc)
    {
        EnsureOpen();
        if (AssigneeId is { } current)
        {
            throw new ConflictException(current == userId
                ? $"You have already claimed task '{Title}'."
                : $"Task '{Title}' has already been claimed by {current}.");
        }

        return Change(TaskAction.Claimed, userId, null, null, nowUtc, () =>
        {
            AssigneeId = userId;
            ClaimedAtUtc = nowUtc;
        });
    }

    public HumanTaskHistory Unclaim(Guid userId, DateTime nowUtc)
    {
        EnsureOpen();
        if (CandidateGroup is null)
        {
            throw new BusinessRuleException($"Task '{Title}' is a personal task with no group queue to return to; ask a manager to reassign it.");
        }

        if (Delegation == DelegationState.Pending)
        {
            throw new BusinessRuleException($"Task '{Title}' is delegated; resolve it back to its owner first.");
        }

        return Change(TaskAction.Unclaimed, userId, OnBehalfOf(userId), null, nowUtc, () =>
        {
            AssigneeId = null;
            OnBehalfOfId = null;
            ClaimedAtUtc = null;
            Delegation = DelegationState.None;
            OwnerId = null;
        });
    }

    public HumanTaskHistory Complete(Guid userId, string outcome, string? comment, string? formDataJson, DateTime nowUtc)
    {
        EnsureOpen();
        var onBehalfOf = OnBehalfOf(userId);
        return Change(TaskAction.Completed, userId, onBehalfOf, comment, nowUtc, () =>
        {
            Status = HumanTaskStatus.Completed;
            Outcome = outcome;
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
            FormData = formDataJson;
            CompletedById = userId;
            CompletedOnBehalfOfId = onBehalfOf;
            CompletedAtUtc = nowUtc;
        });
    }

    /// <summary>The workflow no longer waits for the task (cancelled, moved on, deleted, or the task expired).</summary>
    public HumanTaskHistory? Cancel(string reason, DateTime nowUtc) =>
        !IsOpen ? null : Change(TaskAction.Cancelled, null, null, reason, nowUtc, () =>
        {
            Status = HumanTaskStatus.Cancelled;
            CancelReason = Truncate(reason, 500);
            CompletedAtUtc = nowUtc;
        });

    /// <summary>A manager gives the task to someone else; a pending delegation and proxy routing end with it.</summary>
    public HumanTaskHistory Reassign(Guid managerId, Guid toUserId, string? comment, DateTime nowUtc)
    {
        EnsureOpen();
        if (AssigneeId == toUserId && Delegation != DelegationState.Pending)
        {
            throw new BusinessRuleException($"Task '{Title}' is already assigned to {toUserId}.", "assigneeId");
        }

        return Change(TaskAction.Reassigned, managerId, null, comment, nowUtc, () =>
        {
            AssigneeId = toUserId;
            OnBehalfOfId = null;
            OwnerId = null;
            Delegation = DelegationState.None;
            ClaimedAtUtc = CandidateGroup is null ? null : nowUtc;
        });
    }

    /// <summary>The assignee hands the work to <paramref name="delegateId"/> and stays its owner: it comes back on <see cref="Resolve"/>.</summary>
    public HumanTaskHistory Delegate(Guid userId, Guid delegateId, string? comment, DateTime nowUtc)
    {
        EnsureOpen();
        if (Delegation == DelegationState.Pending)
        {
            throw new BusinessRuleException($"Task '{Title}' is already delegated to {AssigneeId}; it has to be resolved back to {OwnerId} first.");
        }

        if (delegateId == userId)
        {
            throw new BusinessRuleException("You cannot delegate a task to yourself.", "delegateId");
        }

        return Change(TaskAction.Delegated, userId, OnBehalfOf(userId), comment, nowUtc, () =>
        {
            OwnerId = userId;
            AssigneeId = delegateId;
            Delegation = DelegationState.Pending;
        });
    }

    /// <summary>The delegate is done: the task returns to its owner (with the delegate's form draft) to be completed.</summary>
    public HumanTaskHistory Resolve(Guid delegateId, string? comment, string? formDataDraft, DateTime nowUtc)
    {
        EnsureOpen();
        if (Delegation != DelegationState.Pending || OwnerId is null)
        {
            throw new BusinessRuleException($"Task '{Title}' is not delegated; only a delegated task can be resolved.");
        }

        var owner = OwnerId;
        return Change(TaskAction.Resolved, delegateId, owner, comment, nowUtc, () =>
        {
            AssigneeId = owner;
            Delegation = DelegationState.Resolved;
            if (formDataDraft is not null)
            {
                FormData = formDataDraft;
            }
        });
    }

    /// <summary>The due time passed: the task goes to <paramref name="managerId"/> (when known) and becomes urgent.</summary>
    public HumanTaskHistory? Escalate(Guid? managerId, string note, DateTime nowUtc) =>
        !IsOpen ? null : Change(TaskAction.Escalated, null, null, note, nowUtc, () =>
        {
            if (managerId is { } manager)
            {
                AssigneeId = manager;
                OnBehalfOfId = null;
                OwnerId = null;
                Delegation = DelegationState.None;
            }

            Priority = TaskPriority.Urgent;
            EscalatedAtUtc = nowUtc;
        });

    /// <summary>A leaver's work goes to a successor: what they work on and what they own as a delegator.</summary>
    public HumanTaskHistory Transfer(Guid? actorId, Guid fromUserId, Guid toUserId, string reason, DateTime nowUtc) =>
        Change(TaskAction.Transferred, actorId, null, reason, nowUtc, () =>
        {
            if (AssigneeId == fromUserId)
            {
                AssigneeId = toUserId;
                OnBehalfOfId = null;
            }

            if (OwnerId == fromUserId)
            {
                OwnerId = toUserId;
            }

            if (OnBehalfOfId == fromUserId)
            {
                OnBehalfOfId = null;
            }
        });

    /// <summary>
    /// Whom <paramref name="userId"/> acts for on this task: the owner when they are its delegate, the absent colleague
    /// when they are a proxy, nobody otherwise.
    /// </summary>
    public Guid? OnBehalfOf(Guid userId) =>
        AssigneeId != userId ? null
        : Delegation == DelegationState.Pending ? OwnerId
        : OnBehalfOfId;

    private void EnsureOpen()
    {
        if (Status == HumanTaskStatus.Completed)
        {
            throw new ConflictException($"Task '{Title}' was already completed ({Outcome}) by {CompletedById} at {CompletedAtUtc:u}.");
        }

        if (Status == HumanTaskStatus.Cancelled)
        {
            throw new ConflictException($"Task '{Title}' was cancelled: {CancelReason}");
        }
    }

    private HumanTaskHistory Change(TaskAction action, Guid? actorId, Guid? onBehalfOfId, string? comment, DateTime nowUtc, Action change)
    {
        var before = Routing();
        change();
        UpdatedAtUtc = nowUtc;
        Version++;
        return HumanTaskHistory.Of(this, action, actorId, onBehalfOfId, before, Routing(), comment, nowUtc);
    }

    /// <summary>The fields an audit entry compares before and after a change.</summary>
    private Dictionary<string, object?> Routing() => new(StringComparer.Ordinal)
    {
        ["status"] = Status.ToString(),
        ["assigneeId"] = AssigneeId,
        ["ownerId"] = OwnerId,
        ["delegation"] = Delegation.ToString(),
        ["onBehalfOfId"] = OnBehalfOfId,
        ["candidateGroup"] = CandidateGroup,
        ["priority"] = Priority.ToString(),
        ["dueAtUtc"] = DueAtUtc,
        ["outcome"] = Outcome,
    };

    private static string? Truncate(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text.Trim() : text[..max].Trim();
}

/// <summary>What a human-task activity asks for; the inbox turns it into a <see cref="HumanTask"/> in the burst's transaction.</summary>
internal sealed record HumanTaskSpec
{
    public required Guid TaskId { get; init; }

    public HumanTaskKind Kind { get; init; } = HumanTaskKind.Task;

    public required string ActivityId { get; init; }

    public required string ActivityInstanceId { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Module { get; init; }

    public string? Link { get; init; }

    public TaskPriority Priority { get; init; } = TaskPriority.Normal;

    public Guid? AssigneeId { get; init; }

    public string? CandidateRole { get; init; }

    public Guid? CandidateBranchId { get; init; }

    public DateTime? DueAtUtc { get; init; }

    public OverdueAction OnOverdue { get; init; }

    public required IReadOnlyList<string> Outcomes { get; init; }

    public IReadOnlyList<FormField> FormFields { get; init; } = [];

    public decimal? Amount { get; init; }

    public int? ApprovalStep { get; init; }
}

/// <summary>The workflow instance a task belongs to.</summary>
internal sealed record WorkflowRef(string InstanceId, string DefinitionId, string? Name);

/// <summary>
/// Queue keys. A task's candidate group is one string so "my group's tasks" is one indexed IN over a handful of keys:
/// a user in roles R1..Rn of branch B sees the keys R1..Rn, "branch:B" and "Ri@branch:B".
/// </summary>
internal static class Groups
{
    public static string? Key(string? role, Guid? branchId)
    {
        var hasRole = !string.IsNullOrWhiteSpace(role);
        return branchId is { } b
            ? hasRole ? $"{role}@{Branch(b)}" : Branch(b)
            : hasRole ? role : null;
    }

    public static IReadOnlyList<string> KeysOf(IEnumerable<string> roles, Guid? branchId)
    {
        var keys = new List<string>();
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            keys.Add(role);
            if (branchId is { } b)
            {
                keys.Add($"{role}@{Branch(b)}");
            }
        }

        if (branchId is { } branch)
        {
            keys.Add(Branch(branch));
        }

        return keys;
    }

    private static string Branch(Guid branchId) => $"branch:{branchId:D}";
}
