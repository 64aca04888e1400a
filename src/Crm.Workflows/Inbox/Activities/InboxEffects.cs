using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.PublicApi.IntegrationEvents;

namespace Crm.Workflows.Inbox.Activities;

// What the inbox activities ask the runner to do inside the burst's transaction (WorkflowEffects); the inbox's
// IWorkflowBurstObserver carries them out. Each is keyed by data the activity knows, never by a database row it read.

/// <summary>Store a task for the bookmark named <see cref="InboxBookmarks.Task"/> whose payload carries its id.</summary>
internal sealed record CreateTaskEffect(HumanTaskSpec Spec);

/// <summary>The due time of the tasks of one activity execution passed: escalate them to the assignees' managers.</summary>
internal sealed record EscalateTasksEffect(string ActivityInstanceId, DateTime? DueAtUtc);

/// <summary>Withdraw the open tasks of one activity execution (it continued on Overdue).</summary>
internal sealed record CloseTasksEffect(string ActivityInstanceId, string Reason);

/// <summary>Create an out-of-office rule (the leave-of-absence process).</summary>
internal sealed record SetOutOfOfficeEffect(Guid RuleId, Guid UserId, Guid ProxyId, DateTime FromUtc, DateTime ToUtc, string? Note);

/// <summary>Move a leaver's open tasks to a successor (the leaver process); the modules' records were moved by the activity.</summary>
internal sealed record TransferWorkEffect(Guid FromUserId, Guid ToUserId, string Reason, IReadOnlyList<TransferredRecords> Records);

/// <summary>The bookmarks of the inbox activities.</summary>
internal static class InboxBookmarks
{
    /// <summary>Waits for a person: payload <c>{ taskId }</c>; resumed by completing the task.</summary>
    public const string Task = "Crm.HumanTask";

    /// <summary>The due-time timer next to it: resumed by the timer job when the task is overdue.</summary>
    public const string Due = "Crm.HumanTask.Due";

    public const string TaskIdKey = "taskId";

    /// <summary>Resume input the inbox passes when a task is completed.</summary>
    public const string OutcomeKey = "outcome";
    public const string CommentKey = "comment";
    public const string FormDataKey = "formData";
    public const string CompletedByKey = "completedBy";
    public const string OnBehalfOfKey = "onBehalfOf";
}
