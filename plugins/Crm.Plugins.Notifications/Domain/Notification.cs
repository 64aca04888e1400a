namespace Crm.Plugins.Notifications.Domain;

/// <summary>A message for a person: shown in the app, and e-mailed when asked (sent by a job, retried on failure).</summary>
internal sealed class Notification
{
    private Notification()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The user id (in-app list) the notification is for.</summary>
    public string Recipient { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string? Body { get; private set; }

    /// <summary>Where the user can act on it, e.g. "/inbox/tasks/…".</summary>
    public string? Link { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    /// <summary>Who or what caused it, e.g. "workflow:{instanceId}".</summary>
    public string? Source { get; private set; }

    /// <summary>Makes a repeated request (a replayed workflow step) a no-op instead of a second message.</summary>
    public string? IdempotencyKey { get; private set; }

    public string? EmailTo { get; private set; }

    public EmailStatus EmailStatus { get; private set; }

    public int EmailAttempts { get; private set; }

    public string? EmailError { get; private set; }

    public DateTime? EmailSentAtUtc { get; private set; }

    public DateTime? EmailNextAttemptAtUtc { get; private set; }

    public static Notification Create(string recipient, string title, string? body, string? link, string? emailTo, string? source, string? idempotencyKey, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        Recipient = recipient.Trim(),
        Title = title.Trim(),
        Body = string.IsNullOrWhiteSpace(body) ? null : body,
        Link = string.IsNullOrWhiteSpace(link) ? null : link.Trim(),
        EmailTo = string.IsNullOrWhiteSpace(emailTo) ? null : emailTo.Trim(),
        EmailStatus = string.IsNullOrWhiteSpace(emailTo) ? EmailStatus.NotRequested : EmailStatus.Pending,
        EmailNextAttemptAtUtc = string.IsNullOrWhiteSpace(emailTo) ? null : nowUtc,
        Source = source,
        IdempotencyKey = idempotencyKey,
        CreatedAtUtc = nowUtc,
    };

    public bool MarkRead(DateTime nowUtc)
    {
        if (ReadAtUtc is not null)
        {
            return false;
        }

        ReadAtUtc = nowUtc;
        return true;
    }

    public void EmailSent(DateTime nowUtc)
    {
        EmailStatus = EmailStatus.Sent;
        EmailAttempts++;
        EmailSentAtUtc = nowUtc;
        EmailNextAttemptAtUtc = null;
        EmailError = null;
    }

    /// <summary>Backs off exponentially and gives up after <paramref name="maxAttempts"/> so a bad address does not retry forever.</summary>
    public void EmailFailed(string error, DateTime nowUtc, int maxAttempts)
    {
        EmailAttempts++;
        EmailError = error.Length > 2000 ? error[..2000] : error;
        if (EmailAttempts >= maxAttempts)
        {
            EmailStatus = EmailStatus.Failed;
            EmailNextAttemptAtUtc = null;
        }
        else
        {
            EmailNextAttemptAtUtc = nowUtc.AddSeconds(Math.Min(3600, 30 * Math.Pow(2, EmailAttempts - 1)));
        }
    }
}

internal enum EmailStatus
{
    NotRequested,
    Pending,
    Sent,
    Failed,
}
