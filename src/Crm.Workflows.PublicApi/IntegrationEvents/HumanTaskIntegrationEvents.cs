using Crm.BuildingBlocks.PublicApi;

namespace Crm.Workflows.PublicApi.IntegrationEvents;

/// <summary>
/// A task landed in someone's inbox: a new task, a reassignment, a delegation returned to its owner (Reason
/// "Created", "Reassigned", "Returned", "Unclaimed"). For a group task <see cref="AssigneeId"/> is null and
/// <see cref="CandidateRole"/>/<see cref="CandidateBranchId"/> name the queue; <see cref="OnBehalfOfId"/> is the absent
/// colleague a proxy works it for. <see cref="Link"/> opens the task in the inbox.
/// </summary>
public sealed record HumanTaskAssignedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid TaskId,
    string Title,
    string ProcessName,
    string Reason,
    Guid? AssigneeId,
    Guid? OnBehalfOfId,
    string? CandidateRole,
    Guid? CandidateBranchId,
    DateTime? DueAtUtc,
    string Priority,
    string Link) : IIntegrationEvent;

/// <summary>An assignee delegated a task: <see cref="DelegateId"/> works it, <see cref="OwnerId"/> stays accountable.</summary>
public sealed record HumanTaskDelegatedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid TaskId,
    string Title,
    string ProcessName,
    Guid OwnerId,
    Guid DelegateId,
    string? Comment,
    DateTime? DueAtUtc,
    string Link) : IIntegrationEvent;

/// <summary>
/// A task passed its due time and was escalated: to <see cref="EscalatedToId"/> (the accountable person's manager) when
/// one is known, otherwise it only became urgent in its queue. <see cref="AccountableId"/> is who answered for it
/// before: the owner of a delegated task, the absent colleague of a proxy's task, otherwise the assignee.
/// </summary>
public sealed record HumanTaskEscalatedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid TaskId,
    string Title,
    string ProcessName,
    Guid? PreviousAssigneeId,
    Guid? AccountableId,
    Guid? EscalatedToId,
    string? CandidateRole,
    Guid? CandidateBranchId,
    DateTime? DueAtUtc,
    string Link) : IIntegrationEvent;

/// <summary>A task was completed with <see cref="Outcome"/> (reporting, SLAs).</summary>
public sealed record HumanTaskCompletedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid TaskId,
    string Title,
    string ProcessName,
    string WorkflowInstanceId,
    string Outcome,
    Guid CompletedById,
    Guid? OnBehalfOfId,
    DateTime CreatedAtUtc,
    DateTime? DueAtUtc) : IIntegrationEvent;

/// <summary>
/// A leaver's open tasks went to a successor in one action (one notification instead of one per task), with the
/// records the enabled modules handed over (<see cref="Records"/>: one entry per module and kind, e.g. Accounts'
/// customers, Funnel's leads and opportunities; empty when none were asked for or no module contributes any).
/// </summary>
public sealed record HumanTasksTransferredIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid FromUserId,
    Guid ToUserId,
    int TaskCount,
    string Reason,
    string Link,
    IReadOnlyList<TransferredRecords>? Records = null) : IIntegrationEvent;

/// <summary>
/// How many records of one kind a module handed over. <see cref="Kind"/> is a stable identifier ("accounts", "leads");
/// <see cref="One"/> and <see cref="Many"/> are the nouns for a message ("customer", "customers").
/// </summary>
public sealed record TransferredRecords(string Module, string Kind, string One, string Many, int Count)
{
    /// <summary>"1 customer", "3 opportunities".</summary>
    public override string ToString() => $"{Count} {(Count == 1 ? One : Many)}";
}
