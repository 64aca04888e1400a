using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Crm.BuildingBlocks.Diagnostics;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Messaging;

/// <summary>Drains one module's outbox: claims a batch, dispatches each event, marks it processed.</summary>
/// <remarks>
/// A claim is a short lease (<see cref="Lease"/>) that a heartbeat renews while the batch is processed, so a crashed
/// node's rows are taken over by another node within about <see cref="Lease"/>, while a live node keeps its rows
/// however long its handlers take. A node that could not renew stops before its lease runs out (ADR 0053).
/// </remarks>
public sealed class OutboxProcessor<TContext>
    where TContext : ModuleDbContext
{
    internal const int MaxAttempts = 10;

    /// <summary>How long a claim lasts without renewal: the longest a dead node's events wait.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(12);

    /// <summary>Renew three times per lease, so two failed renewals in a row still leave time to stop cleanly.</summary>
    public static readonly TimeSpan HeartbeatInterval = Lease / 3;

    private const int BatchSize = 100;

    // "AccountsDbContext" → "Accounts": the module whose outbox this is, for the telemetry tags.
    private static readonly string Module = typeof(TContext).Name.Replace("DbContext", "", StringComparison.Ordinal);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxProcessor<TContext>> _logger;

    /// <summary>The claims this node holds now, with the end of each one's lease as last stored.</summary>
    private readonly ConcurrentDictionary<Guid, DateTime> _held = new();

    internal OutboxProcessor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxProcessor<TContext>> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Processes what is due now; returns how many messages were delivered.</summary>
    public async Task<int> ProcessAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (claimed, ok) = await ProcessBatchAsync(cancellationToken);
            delivered += ok;
            if (claimed < BatchSize)
            {
                break;
            }
        }

        return delivered;
    }

    /// <summary>
    /// Extends the lease of every claim this node holds; the heartbeat calls it every <see cref="HeartbeatInterval"/>.
    /// Only rows still claimed by this node and not yet done are touched.
    /// </summary>
    public async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var lockId in _held.Keys)
        {
            var until = Now.Add(Lease);
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.OutboxMessages
                .Where(m => m.LockId == lockId && m.ProcessedAtUtc == null && m.FailedAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, until), cancellationToken);
            if (_held.ContainsKey(lockId))
            {
                _held[lockId] = until;
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeartbeatInterval, _clock, cancellationToken);
                await RenewLeasesAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The batch notices the lease running short and stops; the next heartbeat tries again.
                _logger.LogWarning(ex, "Renewing the outbox claims of {Context} failed", typeof(TContext).Name);
            }
        }
    }

    /// <summary>
    /// True while the lease leaves more than one heartbeat of margin: past that, renewals have been failing and another
    /// node may soon take the rows over, so this node must not start another delivery.
    /// </summary>
    private bool StillHolds(Guid lockId) => _held.TryGetValue(lockId, out var until) && Now < until - HeartbeatInterval;

    private async Task<(int Claimed, int Delivered)> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<IntegrationEventDispatcher>();

        // Claiming with one UPDATE makes concurrent runs (a second host process, or a manual run next to the
        // Quartz job) take disjoint rows; a crashed run's lease expires and the rows are taken over.
        var lockId = Guid.NewGuid();
        var now = Now;
        var lockedUntil = now.Add(Lease);
        _held[lockId] = lockedUntil;
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? beating = null;
        try
        {
            var claimed = db.Database.IsNpgsql()
                ? await PostgreSqlOutboxClaim.ClaimAsync(db, lockId, now, lockedUntil, BatchSize, cancellationToken)
                : await db.OutboxMessages
                    .Where(m => m.ProcessedAtUtc == null && m.FailedAtUtc == null && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
                    .OrderBy(m => m.Id)
                    .Take(BatchSize)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockId, lockId).SetProperty(m => m.LockedUntilUtc, lockedUntil), cancellationToken);
            if (claimed == 0)
            {
                return (0, 0);
            }

            beating = Task.Run(() => HeartbeatAsync(heartbeat.Token), CancellationToken.None);
            var messages = await db.OutboxMessages.Where(m => m.LockId == lockId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
            var delivered = 0;
            foreach (var message in messages)
            {
                if (!StillHolds(lockId))
                {
                    _logger.LogWarning("The outbox claim of {Context} could not be renewed; leaving the rest of the batch to the next run", typeof(TContext).Name);
                    break;
                }

                delivered += await DeliverAsync(db, dispatcher, message, cancellationToken) ? 1 : 0;
            }

            return (claimed, delivered);
        }
        finally
        {
            _held.TryRemove(lockId, out _);
            await heartbeat.CancelAsync();
            if (beating is not null)
            {
                await beating;
            }
        }
    }

    private async Task<bool> DeliverAsync(TContext db, IntegrationEventDispatcher dispatcher, OutboxMessage message, CancellationToken cancellationToken)
    {
        var delivered = false;
        message.Attempts++;
        var eventType = OutboxTelemetry.ShortType(message.Type);
        using var activity = OutboxTelemetry.StartDelivery(Module, eventType, message.EventId);
        try
        {
            var integrationEvent = Deserialize(message);
            await dispatcher.DispatchAsync(integrationEvent, cancellationToken);
            message.ProcessedAtUtc = Now;
            message.LastError = null;
            delivered = true;
            OutboxTelemetry.RecordDelivered(Module, eventType, message.OccurredAtUtc, Now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            OutboxTelemetry.RecordFailed(activity, Module, eventType, message.Attempts >= MaxAttempts, error);
            _logger.LogWarning(error, "Outbox message {EventId} ({Type}) failed on attempt {Attempt}", message.EventId, message.Type, message.Attempts);
            message.LastError = Truncate(error.ToString(), 4000);
            if (message.Attempts >= MaxAttempts)
            {
                message.FailedAtUtc = Now;
            }
            else
            {
                // Back off: the claim stays until then, so the next poll does not hammer a failing handler.
                message.LockedUntilUtc = Now.AddSeconds(Math.Min(300, Math.Pow(2, message.Attempts)));
                message.LockId = null;
                await db.SaveChangesAsync(cancellationToken);
                return false;
            }
        }

        message.LockId = null;
        message.LockedUntilUtc = null;
        await db.SaveChangesAsync(cancellationToken);
        return delivered;
    }

    private static IIntegrationEvent Deserialize(OutboxMessage message)
    {
        var type = System.Type.GetType(message.Type, throwOnError: false)
                   ?? throw new InvalidOperationException($"Integration event type '{message.Type}' cannot be loaded.");
        return (IIntegrationEvent)(JsonSerializer.Deserialize(message.Payload, type, IntegrationEventJson.Options)
                                   ?? throw new InvalidOperationException($"Outbox message {message.EventId} has an empty payload."));
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
