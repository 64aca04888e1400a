using Crm.BuildingBlocks.PublicApi;

namespace Crm.BuildingBlocks.Messaging;

/// <summary>
/// Reacts to another module's integration event. It runs inside a transaction on the consuming module's DbContext
/// together with the inbox record, so a redelivered event is not processed twice. Handlers must not call
/// <c>SaveChanges</c> through another context.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
