using System.Text.Json;

namespace Crm.Workflows.Inbox.Domain;

internal enum TaskAction
{
    Created,
    RoutedToProxy,
    Claimed,
    Unclaimed,
    Delegated,
    Resolved,
    Reassigned,
    Escalated,
    Transferred,
    Completed,
    Cancelled,
}

/// <summary>
/// One audited action on a task: who did it (<see cref="ActorId"/>, null for the workflow engine itself), when, on
/// whose behalf (a proxy for an absent colleague, a delegate for the owner), and the fields that changed, before and after.
/// </summary>
internal sealed class HumanTaskHistory
{
    private HumanTaskHistory()
    {
    }

    public long Id { get; private set; }

    public Guid TaskId { get; private set; }

    public TaskAction Action { get; private set; }

    public Guid? ActorId { get; private set; }

    public Guid? OnBehalfOfId { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>JSON object of the changed fields' values before the action; null for a creation.</summary>
    public string? Before { get; private set; }

    /// <summary>JSON object of the changed fields' values after the action.</summary>
    public string? After { get; private set; }

    public string? Comment { get; private set; }

    public static HumanTaskHistory Of(
        HumanTask task, TaskAction action, Guid? actorId, Guid? onBehalfOfId,
        IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after, string? comment, DateTime nowUtc)
    {
        var changed = after.Keys.Where(k => !Equals(before.GetValueOrDefault(k), after[k])).ToList();
        return new HumanTaskHistory
        {
            TaskId = task.Id,
            Action = action,
            ActorId = actorId,
            OnBehalfOfId = onBehalfOfId,
            AtUtc = nowUtc,
            Before = before.Count == 0 || changed.Count == 0 ? null : JsonSerializer.Serialize(changed.ToDictionary(k => k, k => before.GetValueOrDefault(k))),
            After = changed.Count == 0 ? null : JsonSerializer.Serialize(changed.ToDictionary(k => k, k => after[k])),
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Length <= 2000 ? comment.Trim() : comment[..2000],
        };
    }
}
