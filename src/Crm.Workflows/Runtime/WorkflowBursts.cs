using System.Diagnostics;
using System.Text.Json;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime.Execution;
using Crm.Workflows.Runtime.Timers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Runtime;

/// <summary>
/// The burst commit: loads the definition and the saved state, lets the <see cref="WorkflowEngine"/> run one burst,
/// and commits everything the burst produced (instance, bookmarks, journal, execution records) in ONE transaction.
/// A crash between bursts therefore loses nothing, and a crash inside one loses only that burst, which the untouched
/// bookmark row lets run again. The events a burst published are returned, not delivered: that is
/// <see cref="WorkflowEventDelivery"/>'s job, after the commit.
/// </summary>
internal sealed class WorkflowBursts(
    WorkflowsDbContext db,
    DefinitionStore definitions,
    WorkflowEngine engine,
    WorkflowModelCache models,
    IServiceProvider services,
    IEnumerable<IWorkflowBurstObserver> observers,
    WorkflowTimerScheduler timers)
{
    /// <summary>Timer bookmarks the current burst created: their triggers are scheduled once it committed.</summary>
    private readonly List<TimerBookmark> _timersCreated = [];

    /// <summary>Timer bookmarks the current burst removed: their triggers are removed once it committed.</summary>
    private readonly List<string> _timersRemoved = [];

    /// <summary>The current burst's insert-only rows for SQLite, written by <see cref="SaveAsync"/> after SaveChanges.</summary>
    private readonly List<Func<CancellationToken, Task>> _rawInserts = [];

    /// <summary>
    /// Starts an instance of <paramref name="definitionId"/> (a definition id, or a version id when no version of that
    /// definition id matches) at the version <paramref name="versionOptions"/> picks (default Published).
    /// </summary>
    public async Task<(WorkflowInstanceRecord Record, IReadOnlyList<PublishedWorkflowEvent> Events)> StartAsync(
        string definitionId,
        VersionOptions? versionOptions,
        IReadOnlyDictionary<string, object?>? input,
        string? correlationId,
        string? triggerActivityId,
        CancellationToken cancellationToken,
        string? instanceId = null)
    {
        using var activity = WorkflowTelemetry.StartBurst("start", definitionId);
        var started = Stopwatch.GetTimestamp();
        var options = versionOptions ?? VersionOptions.Published;
        var definition = await definitions.FindAsync(definitionId, options, cancellationToken)
                         ?? await definitions.FindByIdAsync(definitionId, cancellationToken)
                         ?? throw new WorkflowNotFoundException($"Workflow definition '{definitionId}' has no version matching '{options}'.");
        var model = models.Get(definition);
        var result = await engine.StartAsync(model, input ?? new Dictionary<string, object?>(), correlationId, instanceId ?? NewId(), services, cancellationToken, triggerActivityId);

        var record = new WorkflowInstanceRecord { Id = result.State.Id, DefinitionId = model.DefinitionId, DefinitionVersionId = model.Id };
        await InTransactionAsync(async () =>
        {
            db.WorkflowInstances.Add(record);
            await ApplyAsync(record, result, null, cancellationToken);
            await SaveAsync(cancellationToken);
        }, cancellationToken);
        WorkflowTelemetry.Committed(activity, "start", result.State, Stopwatch.GetElapsedTime(started));
        return (record, result.PublishedEvents);
    }

    /// <summary>
    /// Resumes the instance waiting at <paramref name="bookmarkId"/>. Of two concurrent resumes of one bookmark exactly
    /// one wins: each deletes the bookmark row first, inside its transaction, and only the one whose delete removed
    /// the row goes on; the other gets <see cref="WorkflowConflictException"/>.
    /// </summary>
    public async Task<(WorkflowInstanceRecord Record, IReadOnlyList<PublishedWorkflowEvent> Events)> ResumeAsync(
        string bookmarkId, IReadOnlyDictionary<string, object?>? input, CancellationToken cancellationToken)
    {
        using var activity = WorkflowTelemetry.StartBurst("resume", bookmarkId);
        var started = Stopwatch.GetTimestamp();
        var bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken);
        if (bookmark is null)
        {
            WorkflowTelemetry.Conflict(activity);
            // A resumed bookmark leaves no trace, so "never existed" and "already resumed" look alike; the second is
            // what a client that holds a bookmark id usually hit (a double click, a racing timer), hence 409.
            throw new WorkflowConflictException($"Bookmark '{bookmarkId}' does not exist or has already been resumed.");
        }

        IReadOnlyList<PublishedWorkflowEvent> published = [];
        WorkflowInstanceRecord? resumed = null;
        WorkflowState? reached = null;
        await InTransactionAsync(async () =>
        {
            // The claim: whoever deletes the row owns this resume. The delete holds the row (SQL Server) or the database
            // (SQLite) until commit, so the loser sees 0 rows once the winner's burst is committed.
            var claimed = await db.Bookmarks.Where(b => b.Id == bookmarkId).ExecuteDeleteAsync(cancellationToken);
            if (claimed != 1)
            {
                WorkflowTelemetry.Conflict(activity);
                throw new WorkflowConflictException($"Bookmark '{bookmarkId}' has already been resumed.");
            }

            var record = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == bookmark.InstanceId, cancellationToken)
                         ?? throw new WorkflowNotFoundException($"Workflow instance '{bookmark.InstanceId}' does not exist.");
            var state = WorkflowStateSerializer.Deserialize(record.State);
            var definition = await definitions.FindByIdAsync(record.DefinitionVersionId, cancellationToken)
                             ?? throw new WorkflowConflictException($"Workflow definition version '{record.DefinitionVersionId}' of instance '{record.Id}' no longer exists.");
            WorkflowRunResult result;
            try
            {
                result = await engine.ResumeAsync(models.Get(definition), state, bookmarkId, input ?? new Dictionary<string, object?>(), services, cancellationToken);
            }
            catch (WorkflowStateException ex)
            {
                throw new WorkflowConflictException(ex.Message);
            }

            // The claimed row is gone already; the engine lists it as removed too.
            await ApplyAsync(record, result, bookmarkId, cancellationToken);
            await SaveAsync(cancellationToken);
            published = result.PublishedEvents;
            resumed = record;
            reached = result.State;
        }, cancellationToken);
        WorkflowTelemetry.Committed(activity, "resume", reached!, Stopwatch.GetElapsedTime(started));
        return (resumed!, published);
    }

    /// <summary>Cancels a running instance; a finished one is refused with <see cref="WorkflowConflictException"/>.</summary>
    public async Task CancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        await InTransactionAsync(async () =>
        {
            var record = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
                         ?? throw new WorkflowNotFoundException($"Workflow instance '{instanceId}' does not exist.");
            if (record.Status == nameof(WorkflowStatus.Finished))
            {
                throw new WorkflowConflictException($"Workflow instance '{instanceId}' is {record.SubStatus}; only a running instance can be cancelled.");
            }

            var result = engine.Cancel(WorkflowStateSerializer.Deserialize(record.State));
            await ApplyAsync(record, result, null, cancellationToken);
            await SaveAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// One burst's writes in one transaction. The change tracker is cleared however it ends, so a failed burst leaves
    /// nothing staged for the next one in this scope (a job may run several bursts in one scope). A caller's
    /// transaction is joined instead: an integration event handler starts workflows in the transaction that also
    /// writes its inbox row, so the event is handled exactly once.
    /// </summary>
    /// <remarks>
    /// Timer triggers are scheduled after the commit, never inside the transaction: Quartz's tables are another
    /// database (SQLite) or at least another connection. In a joined transaction the caller commits later; a trigger
    /// that fires before that commit finds no bookmark yet and the reconciliation schedules it again (ADR 0018).
    /// </remarks>
    private async Task InTransactionAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        _timersCreated.Clear();
        _timersRemoved.Clear();
        _rawInserts.Clear();
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            await ScheduleTimersAsync(cancellationToken);
            return;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await work();
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await ScheduleTimersAsync(cancellationToken);
    }

    private async Task ScheduleTimersAsync(CancellationToken cancellationToken)
    {
        // Both lists stay valid for this burst only; a bookmark created and removed in it never reached the database.
        var removed = _timersRemoved.ToList();
        var created = _timersCreated.Where(t => !removed.Contains(t.BookmarkId)).ToList();
        _timersCreated.Clear();
        _timersRemoved.Clear();
        await timers.UnscheduleBookmarksAsync(removed, cancellationToken);
        await timers.ScheduleBookmarksAsync(created, cancellationToken);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        var inserts = _rawInserts.ToList();
        _rawInserts.Clear();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new WorkflowConflictException("The workflow instance was changed by another request; try again.");
        }

        foreach (var insert in inserts)
        {
            await insert(cancellationToken);
        }
    }

    /// <summary>Stages one burst's changes on the tracked instance and the other tables; the caller saves them at once.</summary>
    private async Task ApplyAsync(WorkflowInstanceRecord record, WorkflowRunResult result, string? alreadyDeleted, CancellationToken cancellationToken)
    {
        var state = result.State;
        record.Version = state.DefinitionVersion;
        record.Name = state.Name;
        record.Status = state.Status.ToString();
        record.SubStatus = state.SubStatus.ToString();
        record.CorrelationId = state.CorrelationId;
        record.IncidentCount = state.Incidents.Count;
        record.CreatedAtUtc = state.CreatedAt.UtcDateTime;
        record.UpdatedAtUtc = state.UpdatedAt.UtcDateTime;
        record.FinishedAtUtc = state.FinishedAt?.UtcDateTime;
        record.State = WorkflowStateSerializer.Serialize(state);
        record.RowVersion++;

        // Removed bookmarks are deleted at once (we are inside the burst's transaction); a row already gone is fine.
        var removedIds = result.BookmarksRemoved.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        _timersRemoved.AddRange(result.BookmarksRemoved.Where(b => b.ResumeAtUtc is not null).Select(b => b.Id));
        removedIds.Remove(alreadyDeleted ?? "");
        if (removedIds.Count > 0)
        {
            await db.Bookmarks.Where(b => removedIds.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        removedIds.Add(alreadyDeleted ?? "");

        foreach (var bookmark in result.BookmarksCreated.Where(b => !removedIds.Contains(b.Id)))
        {
            if (bookmark.ResumeAtUtc is { } due)
            {
                _timersCreated.Add(new TimerBookmark(bookmark.Id, DateTime.SpecifyKind(due.ToUniversalTime(), DateTimeKind.Utc)));
            }

            db.Bookmarks.Add(new BookmarkRecord
            {
                Id = bookmark.Id,
                InstanceId = record.Id,
                Name = bookmark.Name,
                Hash = bookmark.Hash,
                ActivityId = bookmark.ActivityId,
                ActivityNodeId = bookmark.ActivityNodeId,
                ActivityInstanceId = bookmark.ActivityInstanceId,
                CorrelationId = state.CorrelationId,
                Payload = Json(bookmark.Payload) ?? "{}",
                ResumeAtUtc = bookmark.ResumeAtUtc is { } at ? DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc) : null,
                CreatedAtUtc = bookmark.CreatedAt.UtcDateTime,
            });
        }

        var journal = new List<WorkflowJournalRecord>(result.Journal.Count);
        foreach (var entry in result.Journal)
        {
            journal.Add(new WorkflowJournalRecord
            {
                InstanceId = record.Id,
                Sequence = entry.Sequence,
                Id = entry.Id,
                ActivityInstanceId = entry.ActivityInstanceId,
                ParentActivityInstanceId = entry.ParentActivityInstanceId,
                ActivityId = entry.ActivityId,
                ActivityType = entry.ActivityType,
                ActivityTypeVersion = entry.ActivityTypeVersion,
                ActivityName = entry.ActivityName,
                NodeId = entry.NodeId,
                TimestampUtc = entry.Timestamp.UtcDateTime,
                EventName = entry.EventName,
                Message = entry.Message,
                Source = entry.Source,
                ActivityState = Json(entry.ActivityState),
                Payload = Json(entry.Payload),
            });
        }

        // Upsert by id: one lookup for the whole burst instead of one per record. A new instance (a start) has no
        // records yet, so it skips the lookup.
        var ids = result.ActivityExecutions.Select(r => r.Id).ToList();
        var existing = ids.Count == 0 || db.Entry(record).State == EntityState.Added
            ? new Dictionary<string, ActivityExecutionRecordEntity>(StringComparer.Ordinal)
            : await db.ActivityExecutions.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
        var inserted = new List<ActivityExecutionRecordEntity>();
        foreach (var execution in result.ActivityExecutions)
        {
            if (!existing.TryGetValue(execution.Id, out var entity))
            {
                entity = new ActivityExecutionRecordEntity { Id = execution.Id, InstanceId = record.Id };
                inserted.Add(entity);
                existing[execution.Id] = entity;
            }

            entity.ActivityId = execution.ActivityId;
            entity.ActivityNodeId = execution.ActivityNodeId;
            entity.ActivityType = execution.ActivityType;
            entity.ActivityTypeVersion = execution.ActivityTypeVersion;
            entity.ActivityName = execution.ActivityName;
            entity.StartedAtUtc = execution.StartedAt.UtcDateTime;
            entity.CompletedAtUtc = execution.CompletedAt?.UtcDateTime;
            entity.Status = execution.Status.ToString();
            entity.HasBookmarks = execution.HasBookmarks;
            entity.AggregateFaultCount = execution.AggregateFaultCount;
            entity.SchedulingActivityExecutionId = execution.SchedulingActivityExecutionId;
            entity.SchedulingActivityId = execution.SchedulingActivityId;
            entity.CallStackDepth = execution.CallStackDepth;
            entity.ActivityState = Json(execution.ActivityState);
            entity.Payload = Json(execution.Payload);
            entity.Outputs = Json(execution.Outputs);
            entity.Exception = execution.Exception is null ? null : JsonSerializer.Serialize(execution.Exception, WorkflowStateSerializer.Options);
        }

        Stage(journal);
        Stage(inserted);

        foreach (var observer in observers)
        {
            await observer.OnBurstAsync(record, result, cancellationToken);
        }
    }

    /// <summary>
    /// Insert-only rows of the burst (journal entries, new execution records). On SQLite they are written as prepared
    /// INSERTs right after the burst's one SaveChanges, in its transaction (ADR 0036): EF's change tracking and per-row
    /// statement compilation were most of a burst's cost. Elsewhere they are staged for that SaveChanges, as before.
    /// Either way they commit or roll back with the burst; the instance row, bookmarks and anything else staged on the
    /// context are still written by the one SaveChanges, which runs first, so a clash on the instance row is still
    /// the <see cref="DbUpdateException"/> it always was.
    /// </summary>
    private void Stage<TEntity>(List<TEntity> entities)
        where TEntity : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        if (db.Database.IsSqlite() && db.Database.CurrentTransaction is not null)
        {
            _rawInserts.Add(ct => db.BulkInsertAsync(entities, ct));
        }
        else
        {
            db.Set<TEntity>().AddRange(entities);
        }
    }

    private static string? Json(IReadOnlyDictionary<string, object?>? values) =>
        values is null ? null : JsonSerializer.Serialize(values, WorkflowStateSerializer.Options);

    private static string NewId() => Guid.NewGuid().ToString("N");
}
