namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// Marker for a fact one module publishes for others. Implementations are immutable records that live in the
/// producer's <c>.PublicApi</c> assembly and are written to the producer's outbox in the same SaveChanges as
/// the state change they describe.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique id; consumers use it to process each event once.</summary>
    Guid EventId { get; }

    /// <summary>When the fact happened, in UTC.</summary>
    DateTime OccurredAtUtc { get; }
}
