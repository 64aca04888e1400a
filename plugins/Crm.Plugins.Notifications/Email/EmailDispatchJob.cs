using System.Net;
using System.Net.Mail;
using Crm.Plugins.Notifications.Domain;
using Crm.Plugins.Notifications.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Crm.Plugins.Notifications.Email;

/// <summary>
/// Sends pending notification e-mails. Sending happens outside the request that created the notification, so a slow
/// or down mail server never blocks a workflow step, and failures are retried with back-off.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class EmailDispatchJob(NotificationsDbContext db, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<EmailDispatchJob> logger) : IJob
{
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await SendDueAsync(cancellationToken);

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Notifications
            .Where(n => n.EmailStatus == EmailStatus.Pending && n.EmailNextAttemptAtUtc <= now)
            .OrderBy(n => n.EmailNextAttemptAtUtc)
            .Take(50)
            .ToListAsync(cancellationToken);
        var sent = 0;
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            Timeout = smtp.TimeoutSeconds * 1000,
            Credentials = smtp.UserName is null ? null : new NetworkCredential(smtp.UserName, smtp.Password),
        };
        foreach (var notification in due)
        {
            // Claim it first: another dispatcher (a manual run, a second host process) that read the same row sees it as
            // not due for a while and leaves it alone. A crash after the claim retries the e-mail once the claim expires.
            var claimed = await db.Notifications
                .Where(n => n.Id == notification.Id && n.EmailStatus == EmailStatus.Pending && n.EmailNextAttemptAtUtc <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailNextAttemptAtUtc, now.Add(ClaimDuration)), cancellationToken);
            if (claimed == 0)
            {
                db.Entry(notification).State = EntityState.Detached;
                continue;
            }

            try
            {
                using var message = new MailMessage(smtp.From, notification.EmailTo!, notification.Title, notification.Body ?? notification.Title);
                await client.SendMailAsync(message, cancellationToken);
                notification.EmailSent(clock.GetUtcNow().UtcDateTime);
                sent++;
            }
            catch (Exception ex) when (ex is SmtpException or InvalidOperationException or FormatException or IOException)
            {
                logger.LogWarning(ex, "E-mail for notification {Id} to {To} failed", notification.Id, notification.EmailTo);
                notification.EmailFailed(ex.Message, clock.GetUtcNow().UtcDateTime, smtp.MaxAttempts);
            }

            // Saved per message: a crash after a send must not send the earlier ones again.
            await db.SaveChangesAsync(cancellationToken);
        }

        return sent;
    }
}
