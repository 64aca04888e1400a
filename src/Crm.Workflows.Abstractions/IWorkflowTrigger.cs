using Crm.BuildingBlocks.PublicApi;

namespace Crm.Workflows.Abstractions;

/// <summary>
/// A trigger activity that starts published workflows when an integration event of <typeparamref name="TEvent"/> is
/// published (e.g. "Account created"). The event's properties become the workflow's input.
/// </summary>
public interface IEventTrigger<TEvent> : IActivity
    where TEvent : IIntegrationEvent
{
    /// <summary>Whether this trigger's configuration (its inputs) matches the event; e.g. only partners.</summary>
    bool Matches(TEvent integrationEvent) => true;
}
