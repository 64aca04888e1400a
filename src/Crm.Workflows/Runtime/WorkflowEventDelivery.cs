using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Workflows.Runtime;

/// <summary>
/// Event delivery: each event resumes the matching bookmarks and starts the published workflows whose trigger is an
/// <c>Elsa.Event</c> for it, each in its own burst (and transaction); events those bursts publish join the queue.
/// Delivery happens after the publishing burst committed, so a crash in between loses the event but never half a
/// burst (Elsa's in-process dispatch has the same at-most-once semantics).
/// </summary>
/// <remarks>
/// Work is read and delivered in pages (ADR 0055): the bookmarks one event resumes are read <see cref="PageSize"/> at
/// a time, and the queue is delivered <see cref="PageSize"/> events at a time. Only a cascade that is still going
/// after <see cref="MaxPages"/> pages (two workflows publishing to each other for ever) is stopped, and then every
/// event not delivered is logged by name, never dropped silently.
/// </remarks>
internal sealed class WorkflowEventDelivery(
    WorkflowsDbContext db,
    WorkflowBursts bursts,
    WorkflowModelCache models,
    ILogger<WorkflowEventDelivery> logger)
{
    /// <summary>Events delivered per page, and bookmarks read per query.</summary>
    internal const int PageSize = 1000;

    /// <summary>Pages of one cascade before it is taken for a ping-pong and stopped.</summary>
    internal const int MaxPages = 100;

    /// <summary>Delivers <paramref name="events"/> and whatever their deliveries publish; returns the instances resumed or started.</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(IEnumerable<PublishedWorkflowEvent> events, CancellationToken cancellationToken)
    {
        var queue = new Queue<PublishedWorkflowEvent>(events);
        var touched = new List<string>();
        for (var page = 1; queue.Count > 0; page++)
        {
            if (page > MaxPages)
            {
                var undelivered = queue.GroupBy(e => e.EventName, StringComparer.Ordinal).Select(g => $"{g.Key} × {g.Count()}");
                logger.LogError(
                    "Stopped an event cascade after {Deliveries} deliveries (workflows publishing to each other?); {Count} events were not delivered: {Events}",
                    MaxPages * PageSize, queue.Count, string.Join(", ", undelivered));
                WorkflowTelemetry.Undelivered(queue.Count);
                break;
            }

            if (page > 1)
            {
                logger.LogInformation("Event cascade continues on page {Page}: {Pending} events pending", page, queue.Count);
            }

            for (var delivered = 0; delivered < PageSize && queue.TryDequeue(out var published); delivered++)
            {
                await DeliverOneAsync(published, queue, touched, cancellationToken);
            }
        }

        return touched;
    }

    private async Task DeliverOneAsync(PublishedWorkflowEvent published, Queue<PublishedWorkflowEvent> queue, List<string> touched, CancellationToken cancellationToken)
    {
        using var activity = WorkflowTelemetry.StartDelivery(published.EventName);
        var touchedBefore = touched.Count;
        // The bookmarks waiting when delivery began; those the resumes create (a loop waiting for the same event again)
        // wait for the next event, as they would have had the resumes run one at a time.
        var bookmarks = await WaitingBookmarksAsync(published, cancellationToken);
        if (published.TargetWorkflowInstanceId is null)
        {
            // Elsa semantics: an event also starts the published workflows that begin with an Event trigger for it.
            foreach (var (versionId, triggerId) in await EventTriggeredAsync(published.EventName, cancellationToken))
            {
                var (record, events) = await bursts.StartAsync(versionId, VersionOptions.Published, PayloadInput(published), published.CorrelationId, triggerId, cancellationToken);
                touched.Add(record.Id);
                Enqueue(queue, events);
            }
        }

        foreach (var bookmarkId in bookmarks)
        {
            try
            {
                var (record, events) = await bursts.ResumeAsync(bookmarkId, PayloadInput(published), cancellationToken);
                touched.Add(record.Id);
                Enqueue(queue, events);
            }
            catch (WorkflowConflictException)
            {
                // Claimed by a concurrent resume: that one delivers.
            }
        }

        WorkflowTelemetry.Delivered(activity, published.EventName, touched.Count - touchedBefore);
    }

    /// <summary>Every matching bookmark id, read a page at a time in (created, id) order so no page is skipped or read twice.</summary>
    private async Task<List<string>> WaitingBookmarksAsync(PublishedWorkflowEvent published, CancellationToken cancellationToken)
    {
        var query = db.Bookmarks.AsNoTracking().Where(b => b.Hash == published.BookmarkHash);
        if (published.TargetWorkflowInstanceId is { } target)
        {
            query = query.Where(b => b.InstanceId == target);
        }

        if (published.CorrelationId is { } correlation)
        {
            query = query.Where(b => b.CorrelationId == correlation);
        }

        var ids = new List<string>();
        DateTime? afterCreated = null;
        var afterId = "";
        while (true)
        {
            var pageQuery = query;
            if (afterCreated is { } created)
            {
                var id = afterId;
                pageQuery = pageQuery.Where(b => b.CreatedAtUtc > created || (b.CreatedAtUtc == created && string.Compare(b.Id, id) > 0));
            }

            var page = await pageQuery.OrderBy(b => b.CreatedAtUtc).ThenBy(b => b.Id)
                .Select(b => new { b.Id, b.CreatedAtUtc })
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            ids.AddRange(page.Select(b => b.Id));
            if (page.Count < PageSize)
            {
                return ids;
            }

            (afterCreated, afterId) = (page[^1].CreatedAtUtc, page[^1].Id);
        }
    }

    /// <summary>Published versions with an <c>Elsa.Event</c> trigger for <paramref name="eventName"/>: (version id, trigger activity id).</summary>
    private async Task<List<(string VersionId, string TriggerId)>> EventTriggeredAsync(string eventName, CancellationToken cancellationToken)
    {
        // Published definitions are few and their parsed models are cached per version, so this stays cheap.
        var published = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.IsPublished).ToListAsync(cancellationToken);
        return published
            .SelectMany(d => models.Get(d).GetTriggers()
                .Where(t => t.ActivityType == Core.CoreActivityTypes.Event && string.Equals(t.EventName, eventName, StringComparison.Ordinal))
                .Select(t => (d.Id, t.ActivityId)))
            .ToList();
    }

    private static Dictionary<string, object?> PayloadInput(PublishedWorkflowEvent published) =>
        new() { [WorkflowEngine.EventPayloadInputKey] = published.Payload };

    private static void Enqueue(Queue<PublishedWorkflowEvent> queue, IEnumerable<PublishedWorkflowEvent> events)
    {
        foreach (var next in events)
        {
            queue.Enqueue(next);
        }
    }
}
