using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Crm.Workflows.PublicApi.IntegrationEvents;

namespace Crm.Workflows.Inbox.Services;

/// <summary>
/// Queues the inbox's integration events in the workflows outbox (saved with the task change that raised them); the
/// Notifications plugin turns them into in-app notifications and e-mails.
/// </summary>
internal sealed class InboxEvents(WorkflowsDbContext db)
{
    public static string LinkOf(Guid taskId) => $"/inbox/tasks/{taskId}";

    public void Assigned(HumanTask task, string reason, DateTime nowUtc) =>
        db.AddIntegrationEvent(new HumanTaskAssignedIntegrationEvent(
            Guid.NewGuid(), nowUtc, task.Id, task.Title, task.ProcessName, reason, task.AssigneeId, task.OnBehalfOfId,
            task.AssigneeId is null ? task.CandidateRole : null, task.AssigneeId is null ? task.CandidateBranchId : null,
            task.DueAtUtc, task.Priority.ToString(), LinkOf(task.Id)));

    public void Delegated(HumanTask task, string? comment, DateTime nowUtc) =>
        db.AddIntegrationEvent(new HumanTaskDelegatedIntegrationEvent(
            Guid.NewGuid(), nowUtc, task.Id, task.Title, task.ProcessName, task.OwnerId!.Value, task.AssigneeId!.Value, comment, task.DueAtUtc, LinkOf(task.Id)));

    public void Escalated(HumanTask task, Guid? previousAssignee, Guid? accountable, DateTime nowUtc) =>
        db.AddIntegrationEvent(new HumanTaskEscalatedIntegrationEvent(
            Guid.NewGuid(), nowUtc, task.Id, task.Title, task.ProcessName, previousAssignee, accountable, task.AssigneeId != previousAssignee ? task.AssigneeId : null,
            task.CandidateRole, task.CandidateBranchId, task.DueAtUtc, LinkOf(task.Id)));

    public void Completed(HumanTask task, DateTime nowUtc) =>
        db.AddIntegrationEvent(new HumanTaskCompletedIntegrationEvent(
            Guid.NewGuid(), nowUtc, task.Id, task.Title, task.ProcessName, task.WorkflowInstanceId, task.Outcome ?? "",
            task.CompletedById!.Value, task.CompletedOnBehalfOfId, task.CreatedAtUtc, task.DueAtUtc));

    public void Transferred(Guid fromUserId, Guid toUserId, int tasks, IReadOnlyList<TransferredRecords> records, string reason, DateTime nowUtc) =>
        db.AddIntegrationEvent(new HumanTasksTransferredIntegrationEvent(Guid.NewGuid(), nowUtc, fromUserId, toUserId, tasks, reason, "/inbox", records));
}
