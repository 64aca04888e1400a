using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;

namespace Crm.Workflows.Runtime;

/// <summary>
/// Runs workflow instances against storage: one burst committed by <see cref="WorkflowBursts"/>, then the events it
/// published delivered by <see cref="WorkflowEventDelivery"/>. The two are apart so each can be read (and changed)
/// without the other: the commit is about one transaction, the delivery about a queue that may grow.
/// </summary>
internal sealed class WorkflowRunner(WorkflowsDbContext db, WorkflowBursts bursts, WorkflowEventDelivery delivery, ILogger<WorkflowRunner> logger)
{
    /// <summary>
    /// Starts an instance of <paramref name="definitionId"/> (a definition id, or a version id when no version of that
    /// definition id matches) at the version <paramref name="versionOptions"/> picks (default Published).
    /// </summary>
    public async Task<WorkflowInstanceRecord> StartAsync(
        string definitionId,
        VersionOptions? versionOptions,
        IReadOnlyDictionary<string, object?>? input,
        string? correlationId,
        CancellationToken cancellationToken,
        string? triggerActivityId = null,
        string? instanceId = null)
    {
        var (record, events) = await bursts.StartAsync(definitionId, versionOptions, input, correlationId, triggerActivityId, cancellationToken, instanceId);
        logger.LogDebug("Started workflow instance {InstanceId} of {DefinitionId}: {SubStatus}", record.Id, record.DefinitionId, record.SubStatus);
        return await AfterBurstAsync(record, events, cancellationToken);
    }

    /// <summary>Resumes the instance waiting at <paramref name="bookmarkId"/> (see <see cref="WorkflowBursts.ResumeAsync"/>).</summary>
    public async Task<WorkflowInstanceRecord> ResumeAsync(string bookmarkId, IReadOnlyDictionary<string, object?>? input, CancellationToken cancellationToken)
    {
        var (record, events) = await bursts.ResumeAsync(bookmarkId, input, cancellationToken);
        logger.LogDebug("Resumed workflow instance {InstanceId} at bookmark {BookmarkId}: {SubStatus}", record.Id, bookmarkId, record.SubStatus);
        return await AfterBurstAsync(record, events, cancellationToken);
    }

    /// <summary>
    /// Resumes every Event bookmark waiting for <paramref name="eventName"/> (only those of instances with
    /// <paramref name="correlationId"/> when given) and starts every published workflow whose trigger is an
    /// <c>Elsa.Event</c> for that name. Returns the ids of the instances resumed or started.
    /// </summary>
    public Task<IReadOnlyList<string>> TriggerEventAsync(string eventName, string? correlationId, object? payload, CancellationToken cancellationToken) =>
        delivery.DeliverAsync([new PublishedWorkflowEvent(eventName, correlationId, null, payload, "", "")], cancellationToken);

    /// <summary>Cancels a running instance; a finished one is refused with <see cref="WorkflowConflictException"/>.</summary>
    public async Task<WorkflowInstanceRecord> CancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        await bursts.CancelAsync(instanceId, cancellationToken);
        logger.LogInformation("Cancelled workflow instance {InstanceId}", instanceId);
        return await ReloadAsync(instanceId, cancellationToken);
    }

    private async Task<WorkflowInstanceRecord> AfterBurstAsync(WorkflowInstanceRecord record, IReadOnlyList<PublishedWorkflowEvent> events, CancellationToken cancellationToken)
    {
        if (record.SubStatus == nameof(WorkflowSubStatus.Faulted))
        {
            logger.LogWarning("Workflow instance {InstanceId} of {DefinitionId} faulted ({IncidentCount} incidents)", record.Id, record.DefinitionId, record.IncidentCount);
        }

        if (events.Count == 0)
        {
            // The record in hand holds exactly what the burst committed (the change tracker let go of it); only events
            // delivered afterwards can change the instance again, and then it is read back.
            return record;
        }

        await delivery.DeliverAsync(events, cancellationToken);
        return await ReloadAsync(record.Id, cancellationToken);
    }

    private async Task<WorkflowInstanceRecord> ReloadAsync(string instanceId, CancellationToken cancellationToken) =>
        await db.WorkflowInstances.AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
}

/// <summary>Parsed definitions by version id and row version: parsing is the costly part of a start.</summary>
internal sealed class WorkflowModelCache
{
    private readonly ConcurrentDictionary<(string Id, long RowVersion), WorkflowDefinitionModel> _models = new();

    public WorkflowDefinitionModel Get(WorkflowDefinitionRecord definition) =>
        _models.GetOrAdd((definition.Id, definition.RowVersion), static (_, data) => WorkflowDefinitionModel.Parse(data), definition.Data);
}

/// <summary>A run that cannot happen in the current state: a bookmark already resumed, an instance not running (409).</summary>
internal sealed class WorkflowConflictException(string message) : Exception(message);

/// <summary>An unknown definition, instance or bookmark (404).</summary>
internal sealed class WorkflowNotFoundException(string message) : Exception(message);
