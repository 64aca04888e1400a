using Crm.BuildingBlocks.PublicApi;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// An entity that queues integration events as its state changes. <see cref="ModuleDbContext"/> moves them into the
/// outbox during SaveChanges, so no handler can change state and forget to publish.
/// </summary>
public interface IRaisesIntegrationEvents
{
    IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents();
}
