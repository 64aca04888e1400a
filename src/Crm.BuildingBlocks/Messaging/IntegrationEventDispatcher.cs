using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Messaging;

/// <summary>Delivers one event to every registered handler, each exactly once thanks to the consumer's inbox.</summary>
internal sealed class IntegrationEventDispatcher(
    IEnumerable<IntegrationEventHandlerRegistration> registrations,
    IServiceScopeFactory scopes)
{
    private readonly ILookup<Type, IntegrationEventHandlerRegistration> _byEvent = registrations.ToLookup(r => r.EventType);

    public async Task DispatchAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        foreach (var registration in _byEvent[integrationEvent.GetType()])
        {
            await using var scope = scopes.CreateAsyncScope();
            var inboxContext = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(registration.InboxContextType);
            var handlerName = registration.HandlerName;
            if (await inboxContext.InboxMessages.AnyAsync(
                    m => m.EventId == integrationEvent.EventId && m.Handler == handlerName, cancellationToken))
            {
                continue;
            }

            await using var transaction = await inboxContext.Database.BeginTransactionAsync(cancellationToken);
            var handler = scope.ServiceProvider.GetRequiredService(registration.HandlerType);
            var handle = typeof(IIntegrationEventHandler<>).MakeGenericType(registration.EventType)
                .GetMethod(nameof(IIntegrationEventHandler<IIntegrationEvent>.HandleAsync))!;
            await (Task)handle.Invoke(handler, [integrationEvent, cancellationToken])!;
            inboxContext.InboxMessages.Add(new InboxMessage
            {
                EventId = integrationEvent.EventId,
                Handler = handlerName,
                ProcessedAtUtc = DateTime.UtcNow,
            });
            await inboxContext.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
