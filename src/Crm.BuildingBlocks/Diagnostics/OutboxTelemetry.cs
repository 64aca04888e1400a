using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.BuildingBlocks.Diagnostics;

/// <summary>
/// The outbox's traces and metrics (ActivitySource and Meter "Crm.Outbox"; docs/operations.md). The lag from the
/// business transaction to delivery is what users feel (a workflow that starts late); failures and dead letters are
/// what operators must act on.
/// </summary>
internal static class OutboxTelemetry
{
    public const string Name = "Crm.Outbox";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>(
        "crm.outbox.delivered", "{event}", "Integration events delivered to every handler");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "crm.outbox.failed", "{attempt}", "Delivery attempts that failed and will be retried, or were given up (dead_letter=true)");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "crm.outbox.delivery.lag", "s", "Time from the transaction that raised an event to its delivery");

    public static Activity? StartDelivery(string module, string eventType, Guid eventId)
    {
        var activity = Source.StartActivity($"outbox deliver {eventType}", ActivityKind.Consumer);
        activity?.SetTag("crm.module", module);
        activity?.SetTag("crm.event.type", eventType);
        activity?.SetTag("crm.event.id", eventId);
        return activity;
    }

    public static void RecordDelivered(string module, string eventType, DateTime occurredAtUtc, DateTime nowUtc)
    {
        var tags = new TagList { { "crm.module", module }, { "crm.event.type", eventType } };
        Delivered.Add(1, tags);
        Lag.Record(Math.Max(0, (nowUtc - occurredAtUtc).TotalSeconds), tags);
    }

    public static void RecordFailed(Activity? activity, string module, string eventType, bool deadLetter, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        Failed.Add(1, new TagList { { "crm.module", module }, { "crm.event.type", eventType }, { "dead_letter", deadLetter } });
    }

    /// <summary>"Crm.Accounts.PublicApi.IntegrationEvents.AccountCreatedIntegrationEvent, Crm.Accounts.PublicApi" → "AccountCreatedIntegrationEvent".</summary>
    public static string ShortType(string assemblyQualifiedName)
    {
        var fullName = assemblyQualifiedName.Split(',')[0];
        return fullName[(fullName.LastIndexOf('.') + 1)..];
    }
}
