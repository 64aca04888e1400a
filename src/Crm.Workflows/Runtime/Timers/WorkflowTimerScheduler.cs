using Crm.BuildingBlocks.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.Workflows.Runtime.Timers;

/// <summary>
/// The workflow server's Quartz triggers (ADR 0018): one one-shot trigger per timer bookmark (any bookmark with a
/// <c>ResumeAtUtc</c>), and one recurring trigger per <c>Elsa.Timer</c> start trigger of a published workflow.
/// </summary>
/// <remarks>
/// The bookmark table stays the source of truth. A trigger is scheduled after the bookmark's burst committed, so a
/// crash in between leaves a bookmark without a trigger, which <see cref="WorkflowTimerReconciler"/> finds; a trigger
/// whose bookmark is gone fires into nothing (<see cref="WorkflowTimerJob"/> ends quietly). Scheduling failures are
/// therefore logged, never thrown at the request whose data is already committed.
/// </remarks>
internal sealed class WorkflowTimerScheduler(ISchedulerFactory schedulers, SchedulerOptions schedulerOptions, WorkflowTimerOptions options, TimeProvider clock, ILogger<WorkflowTimerScheduler> logger)
{
    /// <summary>The durable job every bookmark trigger fires.</summary>
    public static readonly JobKey TimerJob = new("workflow-timer", "workflows");

    /// <summary>The durable job every start trigger fires.</summary>
    public static readonly JobKey StartJob = new("workflow-start-timer", "workflows");

    /// <summary>The recurring reconciliation (<see cref="WorkflowTimersReconcileJob"/>).</summary>
    public static readonly JobKey ReconcileJob = new("workflow-timers-reconcile", "workflows");

    public const string BookmarkTriggerGroup = "workflow-timers";

    /// <summary>Start triggers are grouped per definition (<c>workflow-start:{definitionId}</c>), so one query finds a definition's.</summary>
    public const string StartTriggerGroupPrefix = "workflow-start:";

    public const string BookmarkIdKey = "bookmarkId";
    public const string AttemptKey = "attempt";
    public const string DefinitionIdKey = "definitionId";
    public const string VersionIdKey = "versionId";
    public const string ActivityIdKey = "activityId";
    public const string IntervalKey = "interval";

    /// <summary>False on a node without a scheduler (<c>Scheduler:Enabled=false</c>) or with timers off: nothing is scheduled here.</summary>
    public bool Enabled => schedulerOptions.Enabled && options.Enabled;

    public static TriggerKey BookmarkTrigger(string bookmarkId) => new(bookmarkId, BookmarkTriggerGroup);

    public static string StartTriggerGroup(string definitionId) => StartTriggerGroupPrefix + definitionId;

    /// <summary>Schedules a trigger for each timer bookmark; one that already has its trigger (a reconciliation was first) is left alone.</summary>
    public async Task ScheduleBookmarksAsync(IReadOnlyCollection<TimerBookmark> bookmarks, CancellationToken cancellationToken)
    {
        if (!Enabled || bookmarks.Count == 0)
        {
            return;
        }

        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            foreach (var bookmark in bookmarks)
            {
                await ScheduleBookmarkAsync(scheduler, bookmark, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SchedulerException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Scheduling workflow timers failed; the reconciliation will schedule them");
        }
    }

    /// <summary>Removes the triggers of bookmarks that are gone (resumed early, instance cancelled or deleted).</summary>
    public async Task UnscheduleBookmarksAsync(IReadOnlyCollection<string> bookmarkIds, CancellationToken cancellationToken)
    {
        if (!Enabled || bookmarkIds.Count == 0)
        {
            return;
        }

        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.UnscheduleJobs(bookmarkIds.Select(BookmarkTrigger).ToList(), cancellationToken);
        }
        catch (Exception ex) when (ex is SchedulerException or InvalidOperationException)
        {
            // Harmless: a trigger whose bookmark is gone fires into nothing.
            logger.LogWarning(ex, "Removing workflow timer triggers failed; they will fire into nothing");
        }
    }

    /// <summary>Reconciliation: the bookmarks among <paramref name="bookmarks"/> that have no trigger get one. Returns how many.</summary>
    public async Task<int> ScheduleMissingAsync(IReadOnlyCollection<TimerBookmark> bookmarks, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var scheduled = 0;
        foreach (var bookmark in bookmarks)
        {
            if (!await scheduler.Exists(BookmarkTrigger(bookmark.BookmarkId), cancellationToken) &&
                await ScheduleBookmarkAsync(scheduler, bookmark, cancellationToken))
            {
                scheduled++;
            }
        }

        return scheduled;
    }

    /// <summary>
    /// Makes the start triggers of <paramref name="definitionId"/> exactly <paramref name="wanted"/>: a trigger that is
    /// already right keeps its rhythm (a restart or a reconciliation does not move it), a changed one is replaced and a
    /// surplus one (retracted, deleted, no longer a timer) is removed.
    /// </summary>
    public async Task SyncStartTimersAsync(string definitionId, IReadOnlyCollection<StartTimer> wanted, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var group = StartTriggerGroup(definitionId);
        var existing = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group), cancellationToken);
        foreach (var timer in wanted)
        {
            var key = new TriggerKey(timer.ActivityId, group);
            var current = await scheduler.GetTrigger(key, cancellationToken);
            if (current is not null &&
                current.JobDataMap.GetString(VersionIdKey) == timer.VersionId &&
                current.JobDataMap.GetString(IntervalKey) == Interval(timer).ToString("c"))
            {
                continue;
            }

            // Replacing is one store operation: two nodes reconciling at once cannot both add it.
            await scheduler.ScheduleJob(StartTrigger(key, timer), ScheduleJobOptions.Replacing, cancellationToken);

            logger.LogInformation("Workflow {DefinitionId} version {VersionId} starts every {Interval} (timer {ActivityId})",
                definitionId, timer.VersionId, Interval(timer), timer.ActivityId);
        }

        var surplus = existing.Where(k => wanted.All(t => t.ActivityId != k.Name)).ToList();
        if (surplus.Count > 0)
        {
            await scheduler.UnscheduleJobs(surplus, cancellationToken);
            logger.LogInformation("Workflow {DefinitionId} no longer starts on {Count} timer(s)", definitionId, surplus.Count);
        }
    }

    /// <summary>The definitions that have start triggers in the store (to remove those of definitions no longer published).</summary>
    public async Task<IReadOnlyCollection<string>> DefinitionsWithStartTimersAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var groups = await scheduler.GetTriggerGroupNames(cancellationToken);
        return groups.Where(g => g.StartsWith(StartTriggerGroupPrefix, StringComparison.Ordinal)).Select(g => g[StartTriggerGroupPrefix.Length..]).ToList();
    }

    /// <summary>
    /// Elsa's Timer trigger fires every interval from publication on (first after one interval). Intervals below one
    /// second run every second: a start is a whole burst and its rows. A missed firing (all nodes down) fires once, now,
    /// and the rhythm continues from there.
    /// </summary>
    private ITrigger StartTrigger(TriggerKey key, StartTimer timer)
    {
        var interval = Interval(timer);
        return TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(StartJob)
            .UsingJobData(DefinitionIdKey, timer.DefinitionId)
            .UsingJobData(VersionIdKey, timer.VersionId)
            .UsingJobData(ActivityIdKey, timer.ActivityId)
            .UsingJobData(IntervalKey, interval.ToString("c"))
            .StartAt(clock.GetUtcNow() + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
    }

    private static TimeSpan Interval(StartTimer timer) => timer.Interval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : timer.Interval;

    private async Task<bool> ScheduleBookmarkAsync(IScheduler scheduler, TimerBookmark bookmark, CancellationToken cancellationToken)
    {
        // A timer that was due while no node ran (or during a crash) fires as soon as a node sees it: misfire = fire now.
        var trigger = TriggerBuilder.Create()
            .WithIdentity(BookmarkTrigger(bookmark.BookmarkId))
            .ForJob(TimerJob)
            .UsingJobData(BookmarkIdKey, bookmark.BookmarkId)
            .StartAt(DateTime.SpecifyKind(bookmark.ResumeAtUtc, DateTimeKind.Utc))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(trigger, default, cancellationToken);
            return true;
        }
        catch (ObjectAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>Schedules a retry of a timer whose resume lost a race (another burst changed the instance first).</summary>
    public static async Task RetryAsync(IJobExecutionContext context, string bookmarkId, int attempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(context.Trigger.Key)
            .ForJob(TimerJob)
            .UsingJobData(BookmarkIdKey, bookmarkId)
            .UsingJobData(AttemptKey, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StartAt(DateTimeOffset.UtcNow + delay)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

        // Rescheduling the trigger that is firing: Quartz keeps the new schedule instead of deleting the spent trigger.
        await context.Scheduler.RescheduleJob(context.Trigger.Key, trigger, cancellationToken);
    }
}

/// <summary>A bookmark with a due time.</summary>
internal sealed record TimerBookmark(string BookmarkId, DateTime ResumeAtUtc);

/// <summary>An <c>Elsa.Timer</c> start trigger of a published version.</summary>
internal sealed record StartTimer(string DefinitionId, string VersionId, string ActivityId, TimeSpan Interval);

/// <summary>The <c>Workflows:Timers</c> configuration section.</summary>
internal sealed class WorkflowTimerOptions
{
    /// <summary><c>Workflows:Timers:Enabled</c> (default true): false schedules no timers, so none fires.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>Workflows:Timers:ReconcileIntervalSeconds</c> (default 60): how often bookmarks without a trigger are looked for.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMinutes(1);
}
