using System.Globalization;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Localization;
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
    private readonly IUserLanguage? _language = services.GetService<IUserLanguage>();

    public async Task HandleAsync(HumanTaskAssignedIntegrationEvent e, CancellationToken cancellationToken)
    {
        if (e.AssigneeId is { } assignee)
        {
            var absent = e.OnBehalfOfId is { } away ? await NameAsync(away, cancellationToken) : null;
            await SendAsync(e.EventId, assignee, culture =>
            {
                var title = e.Reason switch
                {
                    "Reassigned" => Text(culture, $"Task reassigned to you: {e.Title}"),
                    "Returned" => Text(culture, $"Delegated task back with you: {e.Title}"),
                    _ when absent is not null => Text(culture, $"New task for {absent.For(culture)} (away), now yours: {e.Title}"),
                    _ => Text(culture, $"New task: {e.Title}"),
                };
                return (title, Details(culture, e.ProcessName, e.DueAtUtc, e.Priority));
            }, e.Link, cancellationToken);
            return;
        }

        foreach (var member in await QueueAsync(e.CandidateRole, e.CandidateBranchId, cancellationToken))
        {
            await SendAsync(e.EventId, member, culture => (
                Text(culture, $"New task in your queue: {e.Title}"),
                Details(culture, e.ProcessName, e.DueAtUtc, e.Priority) + " " + Text(culture, $"Claim it in your inbox to work on it.")), e.Link, cancellationToken);
        }
    }

    public async Task HandleAsync(HumanTaskDelegatedIntegrationEvent e, CancellationToken cancellationToken)
    {
        var owner = await NameAsync(e.OwnerId, cancellationToken);
        await SendAsync(e.EventId, e.DelegateId, culture =>
        {
            var body = Text(culture, $"{owner.For(culture)} asks you to work on this task and stays responsible for it; resolve it to hand it back.")
                       + " " + Details(culture, e.ProcessName, e.DueAtUtc, null)
                       + (string.IsNullOrWhiteSpace(e.Comment) ? "" : " " + Text(culture, $"Note: {e.Comment}"));
            return (Text(culture, $"{owner.For(culture)} delegated a task to you: {e.Title}"), body);
        }, e.Link, cancellationToken);
    }

    public async Task HandleAsync(HumanTaskEscalatedIntegrationEvent e, CancellationToken cancellationToken)
    {
        if (e.EscalatedToId is { } manager)
        {
            var from = e.PreviousAssigneeId is { } previous ? await NameAsync(previous, cancellationToken) : null;
            await SendAsync(e.EventId, manager, culture => (
                Text(culture, $"Overdue task escalated to you: {e.Title}"),
                (from is null ? Text(culture, $"The task was with its queue and is overdue.") : Text(culture, $"The task was with {from.For(culture)} and is overdue."))
                + Due(culture, e.DueAtUtc) + " " + Text(culture, $"Process: {e.ProcessName}.")), e.Link, cancellationToken);
        }

        // Whoever worked it and whoever answered for it (a delegating owner, an absent colleague) hear where it went.
        var to = e.EscalatedToId is { } target ? await NameAsync(target, cancellationToken) : null;
        foreach (var person in new[] { e.PreviousAssigneeId, e.AccountableId }.OfType<Guid>().Distinct().Where(p => p != e.EscalatedToId))
        {
            await SendAsync(e.EventId, person, culture => (
                Text(culture, $"Your task is overdue: {e.Title}"),
                (to is null ? Text(culture, $"The task is now urgent.") : Text(culture, $"The task went to {to.For(culture)}.")) + Due(culture, e.DueAtUtc)), e.Link, cancellationToken);
        }

        if (e.PreviousAssigneeId is null && e.EscalatedToId is null)
        {
            foreach (var member in await QueueAsync(e.CandidateRole, e.CandidateBranchId, cancellationToken))
            {
                await SendAsync(e.EventId, member, culture => (
                    Text(culture, $"Overdue task in your queue: {e.Title}"),
                    Text(culture, $"Nobody has claimed it yet.") + Due(culture, e.DueAtUtc)), e.Link, cancellationToken);
            }
        }
    }

    public async Task HandleAsync(HumanTasksTransferredIntegrationEvent e, CancellationToken cancellationToken)
    {
        var from = await NameAsync(e.FromUserId, cancellationToken);
        await SendAsync(e.EventId, e.ToUserId, culture =>
        {
            // Whatever the enabled modules handed over, in their order; an event stored before the list existed has none.
            var parts = new List<string> { e.TaskCount == 1 ? Text(culture, $"{e.TaskCount} open task") : Text(culture, $"{e.TaskCount} open tasks") };
            parts.AddRange((e.Records ?? []).Select(r => Text(culture, $"{r.Count} {(r.Count == 1 ? r.One : r.Many)}")));
            var list = parts.Count == 1 ? parts[0] : Text(culture, $"{string.Join(ServerText.Translate(", ", culture), parts[..^1])} and {parts[^1]}");
            return (Text(culture, $"You took over the work of {from.For(culture)}"), Text(culture, $"{list}: now yours. Reason: {e.Reason}"));
        }, e.Link, cancellationToken);
    }

    /// <summary>Composes the message in the recipient's language (ADR 0137) and stores it for the bell and the e-mail.</summary>
    private async Task SendAsync(Guid eventId, Guid recipient, Func<CultureInfo, (string Title, string Body)> compose, string link, CancellationToken cancellationToken)
    {
        var email = _directory is null ? null : (await _directory.FindAsync(recipient, cancellationToken))?.Email;
        var culture = _language is null ? CultureInfo.GetCultureInfo("en") : await _language.CultureOfAsync(recipient, cancellationToken);
        var (title, body) = compose(culture);
        await notifications.NotifyAsync(
            new NotifyRequest(recipient.ToString(), Truncate(title, 300), body, link, email, "inbox", $"inbox:{eventId:N}:{recipient:N}"),
            cancellationToken);
    }

    private async Task<IReadOnlyList<Guid>> QueueAsync(string? role, Guid? branchId, CancellationToken cancellationToken) =>
        _directory is null || (role is null && branchId is null)
            ? []
            : (await _directory.ListAsync(role, branchId, cancellationToken)).Where(m => m.IsActive).Select(m => m.UserId).ToList();

    private async Task<PersonName> NameAsync(Guid userId, CancellationToken cancellationToken) =>
        new((_directory is null ? null : await _directory.FindAsync(userId, cancellationToken))?.DisplayName);

    private static string Text(CultureInfo culture, CrmText text) => ServerText.Translate(text, culture);

    private static string Details(CultureInfo culture, string process, DateTime? dueAtUtc, string? priority) =>
        Text(culture, $"Process: {process}.")
        + Due(culture, dueAtUtc)
        + (priority is null or "Normal" ? "" : " " + Text(culture, $"Priority: {ServerText.Translate(priority, culture)}."));

    // Times in UTC with the zone said: the recipient's own zone is not known here.
    private static string Due(CultureInfo culture, DateTime? dueAtUtc) =>
        dueAtUtc is { } due ? " " + Text(culture, $"Due {due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} (UTC).") : "";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A colleague's name, or "a colleague" in the reader's language when the directory does not know them.</summary>
    private sealed record PersonName(string? Name)
    {
        public string For(CultureInfo culture) => Name ?? ServerText.Translate("A colleague", culture);
    }
}
