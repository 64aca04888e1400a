using System.Globalization;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.Plugins.Notifications.Features;
using Crm.Workflows.PublicApi.IntegrationEvents;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Notifications.IntegrationEvents;

/// <summary>
/// Tells people about inbox work: a task assigned to them (or to their queue), delegated to them, escalated to them,
/// or a leaver's tasks transferred to them. In-app always; by e-mail too when the staff directory knows the person's
/// address. Without a staff directory, queue members are unknown and only personal notifications are sent.
/// </summary>
internal sealed class InboxNotificationsHandler(NotificationService notifications, IServiceProvider services) :
    IIntegrationEventHandler<HumanTaskAssignedIntegrationEvent>,
    IIntegrationEventHandler<HumanTaskDelegatedIntegrationEvent>,
    IIntegrationEventHandler<HumanTaskEscalatedIntegrationEvent>,
    IIntegrationEventHandler<HumanTasksTransferredIntegrationEvent>
{
    private readonly IStaffDirectory? _directory = services.GetService<IStaffDirectory>();

    public async Task HandleAsync(HumanTaskAssignedIntegrationEvent e, CancellationToken cancellationToken)
    {
        var details = Details(e.ProcessName, e.DueAtUtc, e.Priority);
        if (e.AssigneeId is { } assignee)
        {
            var title = e.Reason switch
            {
                "Reassigned" => $"Task reassigned to you: {e.Title}",
                "Returned" => $"Delegated task back with you: {e.Title}",
                _ when e.OnBehalfOfId is { } absent => $"New task for {await NameAsync(absent, cancellationToken)} (away), now yours: {e.Title}",
                _ => $"New task: {e.Title}",
            };
            await SendAsync(e.EventId, assignee, title, details, e.Link, cancellationToken);
            return;
        }

        foreach (var member in await QueueAsync(e.CandidateRole, e.CandidateBranchId, cancellationToken))
        {
            await SendAsync(e.EventId, member, $"New task in your queue: {e.Title}", details + " Claim it in your inbox to work on it.", e.Link, cancellationToken);
        }
    }

    public async Task HandleAsync(HumanTaskDelegatedIntegrationEvent e, CancellationToken cancellationToken)
    {
        var owner = await NameAsync(e.OwnerId, cancellationToken);
        var body = $"{owner} asks you to work on this task and stays responsible for it; resolve it to hand it back. "
                   + Details(e.ProcessName, e.DueAtUtc, null) + (string.IsNullOrWhiteSpace(e.Comment) ? "" : $" Note: {e.Comment}");
        await SendAsync(e.EventId, e.DelegateId, $"{owner} delegated a task to you: {e.Title}", body, e.Link, cancellationToken);
    }

    public async Task HandleAsync(HumanTaskEscalatedIntegrationEvent e, CancellationToken cancellationToken)
    {
        var due = e.DueAtUtc is { } at ? $" It was due {at.ToString("u", CultureInfo.InvariantCulture)}." : "";
        if (e.EscalatedToId is { } manager)
        {
            var from = e.PreviousAssigneeId is { } previous ? await NameAsync(previous, cancellationToken) : "its queue";
            await SendAsync(e.EventId, manager, $"Overdue task escalated to you: {e.Title}", $"The task was with {from} and is overdue.{due} Process: {e.ProcessName}.", e.Link, cancellationToken);
        }

        // Whoever worked it and whoever answered for it (a delegating owner, an absent colleague) hear where it went.
        foreach (var person in new[] { e.PreviousAssigneeId, e.AccountableId }.OfType<Guid>().Distinct().Where(p => p != e.EscalatedToId))
        {
            var where = e.EscalatedToId is { } to ? $"went to {await NameAsync(to, cancellationToken)}" : "is now urgent";
            await SendAsync(e.EventId, person, $"Your task is overdue: {e.Title}", $"The task {where}.{due}", e.Link, cancellationToken);
        }

        if (e.PreviousAssigneeId is null && e.EscalatedToId is null)
        {
            foreach (var member in await QueueAsync(e.CandidateRole, e.CandidateBranchId, cancellationToken))
            {
                await SendAsync(e.EventId, member, $"Overdue task in your queue: {e.Title}", $"Nobody has claimed it yet.{due}", e.Link, cancellationToken);
            }
        }
    }

    public async Task HandleAsync(HumanTasksTransferredIntegrationEvent e, CancellationToken cancellationToken)
    {
        var from = await NameAsync(e.FromUserId, cancellationToken);
        var parts = new List<string> { Count(e.TaskCount, "open task") };

        // Whatever the enabled modules handed over, in their order; an event stored before the list existed has none.
        parts.AddRange((e.Records ?? []).Select(r => r.ToString()));

        var list = parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts[..^1])} and {parts[^1]}";
        await SendAsync(e.EventId, e.ToUserId, $"You took over the work of {from}", $"{list}: now yours. Reason: {e.Reason}", e.Link, cancellationToken);
    }

    private async Task SendAsync(Guid eventId, Guid recipient, string title, string body, string link, CancellationToken cancellationToken)
    {
        var email = _directory is null ? null : (await _directory.FindAsync(recipient, cancellationToken))?.Email;
        await notifications.NotifyAsync(
            new NotifyRequest(recipient.ToString(), Truncate(title, 300), body, link, email, "inbox", $"inbox:{eventId:N}:{recipient:N}"),
            cancellationToken);
    }

    private async Task<IReadOnlyList<Guid>> QueueAsync(string? role, Guid? branchId, CancellationToken cancellationToken) =>
        _directory is null || (role is null && branchId is null)
            ? []
            : (await _directory.ListAsync(role, branchId, cancellationToken)).Where(m => m.IsActive).Select(m => m.UserId).ToList();

    private async Task<string> NameAsync(Guid userId, CancellationToken cancellationToken) =>
        (_directory is null ? null : await _directory.FindAsync(userId, cancellationToken))?.DisplayName ?? "A colleague";

    private static string Details(string process, DateTime? dueAtUtc, string? priority) =>
        $"Process: {process}."
        + (dueAtUtc is { } due ? $" Due {due.ToString("u", CultureInfo.InvariantCulture)}." : "")
        + (priority is null or "Normal" ? "" : $" Priority: {priority}.");

    private static string Count(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
