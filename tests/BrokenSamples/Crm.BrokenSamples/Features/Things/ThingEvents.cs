using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.PublicApi;

namespace Crm.BrokenSamples.Features.Things;

/// <summary>
/// Broken: an integration event outside a PublicApi assembly, not named *IntegrationEvent, a mutable unsealed class.
/// </summary>
public class ThingChanged : IIntegrationEvent
{
    public Guid EventId { get; set; } = Guid.NewGuid();

    public DateTime OccurredAtUtc { get; set; }

    public string Name { get; set; } = "";

    public int Counter;
}

/// <summary>Broken: a public handler, not named *Handler, outside the module's IntegrationEvents folder.</summary>
public sealed class ThingWatcher : IIntegrationEventHandler<ThingChanged>
{
    public Task HandleAsync(ThingChanged integrationEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
