using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Notifications;
using Crm.Plugins.Notifications.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Plugins.Notifications.Features;

/// <summary>The shell's bell and the notification endpoints read and mark the caller's notifications through this one class.</summary>
internal sealed class UserNotifications(NotificationsDbContext db, ICurrentUser user, TimeProvider clock, NotificationService notifications) : IUserNotifications
{
    public Task<int> UnreadCountAsync(CancellationToken cancellationToken = default)
    {
        var who = user.Id;
        return db.Notifications.CountAsync(n => n.Recipient == who && n.ReadAtUtc == null, cancellationToken);
    }

    public async Task<IReadOnlyList<UserNotification>> LatestAsync(int count, CancellationToken cancellationToken = default)
    {
        var who = user.Id;
        return await db.Notifications.AsNoTracking().Where(n => n.Recipient == who)
            .OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(count, 1, 200))
            .Select(n => new UserNotification(n.Id, n.Title, n.Body, n.Link, n.CreatedAtUtc, n.ReadAtUtc))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> MarkReadAsync(Guid id, CancellationToken cancellationToken = default) =>
        await MarkAsync(id, cancellationToken) is not null;

    /// <summary>The caller's notification, marked read; null when it is someone else's or missing (ids do not leak).</summary>
    internal async Task<Domain.Notification?> MarkAsync(Guid id, CancellationToken cancellationToken)
    {
        var who = user.Id;
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.Recipient == who, cancellationToken);
        if (n is not null && n.MarkRead(clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return n;
    }

    public async Task<Guid> NotifyAsync(string recipient, string title, string? body = null, string? link = null, CancellationToken cancellationToken = default) =>
        (await notifications.NotifyAsync(new NotifyRequest(recipient, title, body, link, null, "ui", null), cancellationToken)).Id;
}
