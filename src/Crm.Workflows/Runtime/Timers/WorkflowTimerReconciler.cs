using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.Workflows.Runtime.Timers;

/// <summary>
/// Brings Quartz in line with the workflow tables, which are the truth: timer bookmarks without a trigger get one
/// (a crash between a burst's commit and its scheduling, a node without a scheduler, an upgrade from the polling timer),
/// and start triggers follow the published definitions.
/// </summary>
internal sealed class WorkflowTimerReconciler(
    WorkflowsDbContext db,
    WorkflowModelCache models,
    WorkflowTimerScheduler scheduler,
    WorkflowTimerOptions options,
    TimeProvider clock,
    ILogger<WorkflowTimerReconciler> logger)
{
    /// <summary>Bookmarks checked per run, the soonest due first; a larger backlog is worked off over the next runs.</summary>
    public const int BatchSize = 1000;

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await ReconcileBookmarksAsync(cancellationToken);
        await SyncAllStartTimersAsync(cancellationToken);
    }

    /// <summary>
    /// Only bookmarks due before the run after next are looked at (one indexed range query on ResumeAtUtc): a trigger
    /// for a bookmark due next week is not needed yet, and it will be looked at in time.
    /// </summary>
    public async Task<int> ReconcileBookmarksAsync(CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow().UtcDateTime + 2 * options.ReconcileInterval;
        var due = await db.Bookmarks.AsNoTracking()
            .Where(b => b.ResumeAtUtc != null && b.ResumeAtUtc <= until)
            .OrderBy(b => b.ResumeAtUtc)
            .Take(BatchSize)
            .Select(b => new { b.Id, b.ResumeAtUtc })
            .ToListAsync(cancellationToken);
        var scheduled = await scheduler.ScheduleMissingAsync(due.Select(b => new TimerBookmark(b.Id, b.ResumeAtUtc!.Value)).ToList(), cancellationToken);
        if (scheduled > 0)
        {
            logger.LogInformation("Scheduled {Count} workflow timer(s) that had no trigger", scheduled);
        }

        return scheduled;
    }

    /// <summary>Every published definition's start timers, and none for a definition that is no longer published.</summary>
    public async Task SyncAllStartTimersAsync(CancellationToken cancellationToken)
    {
        var published = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.IsPublished).ToListAsync(cancellationToken);
        var wanted = published
            .SelectMany(d => StartTimers(d, models))
            .GroupBy(t => t.DefinitionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<StartTimer>)g.ToList(), StringComparer.Ordinal);
        var definitions = wanted.Keys.Union(await scheduler.DefinitionsWithStartTimersAsync(cancellationToken), StringComparer.Ordinal);
        foreach (var definitionId in definitions)
        {
            await scheduler.SyncStartTimersAsync(definitionId, wanted.GetValueOrDefault(definitionId) ?? [], cancellationToken);
        }
    }

    /// <summary>The start timers of one definition, after its publication changed (publish, retract, delete).</summary>
    public async Task SyncStartTimersAsync(IReadOnlyCollection<string> definitionIds, CancellationToken cancellationToken)
    {
        if (!scheduler.Enabled || definitionIds.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var definitionId in definitionIds)
            {
                var published = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == definitionId && d.IsPublished).ToListAsync(cancellationToken);
                await scheduler.SyncStartTimersAsync(definitionId, published.SelectMany(d => StartTimers(d, models)).ToList(), cancellationToken);
            }
        }
        catch (SchedulerException ex)
        {
            // The publication is committed; the next reconciliation brings the triggers in line.
            logger.LogWarning(ex, "Updating the start timers of {DefinitionIds} failed; the reconciliation will", string.Join(", ", definitionIds));
        }
    }

    /// <summary>
    /// Elsa's rule (its trigger indexer): an activity of the workflow is a trigger when it is a trigger type and has
    /// "Trigger workflow" (canStartWorkflow) ticked. Here: an <c>Elsa.Timer</c> so marked in the root flowchart.
    /// </summary>
    private static IEnumerable<StartTimer> StartTimers(WorkflowDefinitionRecord definition, WorkflowModelCache models) =>
        models.Get(definition).GetTriggers()
            .Where(t => t.ActivityType == CoreActivityTypes.Timer && t.Interval is { } interval && interval > TimeSpan.Zero)
            .Select(t => new StartTimer(definition.DefinitionId, definition.Id, t.ActivityId, t.Interval!.Value));
}

/// <summary>The reconciliation, at start-up and every <c>Workflows:Timers:ReconcileIntervalSeconds</c>, on one node at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class WorkflowTimersReconcileJob(IServiceScopeFactory scopes, ILogger<WorkflowTimersReconcileJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowTimerReconciler>().ReconcileAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Reconciling workflow timers failed; the next run tries again");
        }
    }
}
