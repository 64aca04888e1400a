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
public sealed class OutboxProcessor<TContext>
    where TContext : ModuleDbContext
{
    internal const int MaxAttempts = 10;
    private const int BatchSize = 100;
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    // "AccountsDbContext" → "Accounts": the module whose outbox this is, for the telemetry tags.
    private static readonly string Module = typeof(TContext).Name.Replace("DbContext", "", StringComparison.Ordinal);

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<OutboxProcessor<TContext>> _logger;

    internal OutboxProcessor(IServiceScopeFactory scopes, ILogger<OutboxProcessor<TContext>> logger)
    {
        _scopes = scopes;
        _logger = logger;
    }

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

    private async Task<(int Claimed, int Delivered)> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<IntegrationEventDispatcher>();

        // Claiming with one UPDATE makes concurrent runs (a second host process, or a manual run next to the
        // Quartz job) take disjoint rows; a crashed run's claim expires and the rows are retried.
        var lockId = Guid.NewGuid();
        var now = DateTime.UtcNow;
        var lockedUntil = now.Add(ClaimDuration);
        var claimed = await db.OutboxMessages
            .Where(m => m.ProcessedAtUtc == null && m.FailedAtUtc == null && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.Id)
            .Take(BatchSize)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockId, lockId).SetProperty(m => m.LockedUntilUtc, lockedUntil), cancellationToken);
        if (claimed == 0)
        {
            return (0, 0);
        }

        var messages = await db.OutboxMessages.Where(m => m.LockId == lockId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var message in messages)
        {
            message.Attempts++;
            var eventType = OutboxTelemetry.ShortType(message.Type);
            using var activity = OutboxTelemetry.StartDelivery(Module, eventType, message.EventId);
            try
            {
                var integrationEvent = Deserialize(message);
                await dispatcher.DispatchAsync(integrationEvent, cancellationToken);
                message.ProcessedAtUtc = DateTime.UtcNow;
                message.LastError = null;
                delivered++;
                OutboxTelemetry.RecordDelivered(Module, eventType, message.OccurredAtUtc);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                OutboxTelemetry.RecordFailed(activity, Module, eventType, message.Attempts >= MaxAttempts, error);
                _logger.LogWarning(error, "Outbox message {EventId} ({Type}) failed on attempt {Attempt}", message.EventId, message.Type, message.Attempts);
                message.LastError = Truncate(error.ToString(), 4000);
                if (message.Attempts >= MaxAttempts)
                {
                    message.FailedAtUtc = DateTime.UtcNow;
                }
                else
                {
                    // Back off: the claim stays until then, so the next poll does not hammer a failing handler.
                    message.LockedUntilUtc = DateTime.UtcNow.AddSeconds(Math.Min(300, Math.Pow(2, message.Attempts)));
                    message.LockId = null;
                    await db.SaveChangesAsync(cancellationToken);
                    continue;
                }
            }

            message.LockId = null;
            message.LockedUntilUtc = null;
            await db.SaveChangesAsync(cancellationToken);
        }

        return (claimed, delivered);
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
