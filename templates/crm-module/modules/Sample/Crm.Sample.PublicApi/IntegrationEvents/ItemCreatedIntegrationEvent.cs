using Crm.BuildingBlocks.PublicApi;

namespace Crm.Sample.PublicApi.IntegrationEvents;

/// <summary>An item was created (written to the module's outbox with the item).</summary>
public sealed record ItemCreatedIntegrationEvent(Guid EventId, DateTime OccurredAtUtc, Guid ItemId, string Name) : IIntegrationEvent;
