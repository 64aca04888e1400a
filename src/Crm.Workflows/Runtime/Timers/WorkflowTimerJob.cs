using System.Globalization;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.Workflows.Runtime.Timers;

/// <summary>
/// Fired by a bookmark's trigger at its <c>ResumeAtUtc</c>: resumes the bookmark through
/// <see cref="WorkflowRunner.ResumeAsync"/>, which claims it by deleting its row, so a second firing (a duplicate
/// trigger, a manual resume that came first) finds nothing and ends quietly.
/// </summary>
internal sealed class WorkflowTimerJob(IServiceScopeFactory scopes, ILogger<WorkflowTimerJob> logger) : IJob
{
    /// <summary>Quick retries of a resume that lost a race for its instance (two timers of one instance due together).</summary>
    private const int MaxAttempts = 5;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var bookmarkId = context.MergedJobDataMap.GetString(WorkflowTimerScheduler.BookmarkIdKey);
        if (string.IsNullOrEmpty(bookmarkId))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().ResumeAsync(bookmarkId, null, cancellationToken);
        }
        catch (WorkflowConflictException ex)
        {
            // Usually the bookmark is simply gone: resumed by hand, its instance cancelled or deleted. If it is still
            // there, the burst lost to a concurrent one on the same instance (whose rollback kept the bookmark): retry.
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            if (!await db.Bookmarks.AnyAsync(b => b.Id == bookmarkId, cancellationToken))
            {
                return;
            }

            var attempt = int.TryParse(context.MergedJobDataMap.GetString(WorkflowTimerScheduler.AttemptKey), CultureInfo.InvariantCulture, out var previous) ? previous + 1 : 1;
            if (attempt >= MaxAttempts)
            {
                // Left to the reconciliation, which schedules it again within a minute.
                logger.LogWarning(ex, "Resuming timer bookmark {BookmarkId} failed {Attempts} times", bookmarkId, attempt);
                return;
            }

            await WorkflowTimerScheduler.RetryAsync(context, bookmarkId, attempt, TimeSpan.FromSeconds(attempt), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The bookmark stays (the burst rolled back); the reconciliation schedules it again, so it is retried.
            logger.LogError(ex, "Resuming timer bookmark {BookmarkId} failed", bookmarkId);
        }
    }
}
