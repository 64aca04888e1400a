namespace Crm.BuildingBlocks.Notifications;

/// <summary>
/// In-app notifications of the signed-in user, for the shell's bell. Implemented by the Notifications plugin and
/// registered only while it is enabled, so the shell asks for it optionally and shows no bell without it.
/// </summary>
public interface IUserNotifications
{
    /// <summary>How many of the caller's notifications are unread.</summary>
    Task<int> UnreadCountAsync(CancellationToken cancellationToken = default);

    /// <summary>The caller's newest notifications, unread and read, newest first.</summary>
    Task<IReadOnlyList<UserNotification>> LatestAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>Marks one of the caller's notifications read; false when it is not theirs or does not exist.</summary>
    Task<bool> MarkReadAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Stores a notification for <paramref name="recipient"/> (a user id), as the workflow activity does.</summary>
    Task<Guid> NotifyAsync(string recipient, string title, string? body = null, string? link = null, CancellationToken cancellationToken = default);
}

/// <summary>One notification as the bell lists it; times in UTC.</summary>
public sealed record UserNotification(Guid Id, string Title, string? Body, string? Link, DateTime CreatedAtUtc, DateTime? ReadAtUtc)
{
    public bool IsRead => ReadAtUtc is not null;
}
