using Crm.Plugins.Notifications.Domain;
using Crm.Plugins.Notifications.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Plugins.Notifications.Features;

internal sealed record NotifyRequest(string Recipient, string Title, string? Body, string? Link, string? EmailTo, string? Source, string? IdempotencyKey);

/// <summary>Stores a notification; an e-mail, if asked for, is sent afterwards by <see cref="Email.EmailDispatchJob"/>.</summary>
internal sealed class NotificationService(NotificationsDbContext db, TimeProvider clock)
{
    public async Task<Notification> NotifyAsync(NotifyRequest request, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is { } key
            && await db.Notifications.FirstOrDefaultAsync(n => n.IdempotencyKey == key, cancellationToken) is { } existing)
        {
            return existing;
        }

        var notification = Notification.Create(
            request.Recipient, request.Title, request.Body, request.Link, request.EmailTo, request.Source, request.IdempotencyKey, clock.GetUtcNow().UtcDateTime);
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(cancellationToken);
        return notification;
    }
}
