namespace Crm.BuildingBlocks.Messaging;

/// <summary>Which handler consumes which event, and which module's DbContext holds its inbox.</summary>
internal sealed record IntegrationEventHandlerRegistration(Type EventType, Type HandlerType, Type InboxContextType)
{
    public string HandlerName => HandlerType.FullName ?? HandlerType.Name;
}
