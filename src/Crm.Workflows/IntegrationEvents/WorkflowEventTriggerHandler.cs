using System.Reflection;
using System.Text.Json;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Workflows.IntegrationEvents;

/// <summary>
/// Starts published workflows whose trigger (a start activity with "Trigger workflow" checked) is an SDK activity
/// implementing <see cref="IEventTrigger{TEvent}"/> for <typeparamref name="TEvent"/>. Registered once per event type
/// that some trigger listens to, with its inbox in <see cref="WorkflowsDbContext"/>: the instances are written in the
/// inbox's transaction, so a redelivered event starts nothing twice.
/// </summary>
internal sealed class WorkflowEventTriggerHandler<TEvent>(
    WorkflowsDbContext db,
    ActivityRegistry registry,
    WorkflowModelCache models,
    WorkflowRunner runner,
    IServiceProvider services,
    ILogger<WorkflowEventTriggerHandler<TEvent>> logger) : IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    public async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        var triggerTypes = registry.All
            .Where(d => d.ActivityType is { } type && typeof(IEventTrigger<TEvent>).IsAssignableFrom(type))
            .ToDictionary(d => d.TypeName, d => d.ActivityType!, StringComparer.Ordinal);
        if (triggerTypes.Count == 0)
        {
            return;
        }

        // Published definitions are few; each is parsed once per version (cache) to find its triggers.
        var published = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.IsPublished).ToListAsync(cancellationToken);
        var input = Input(integrationEvent);
        foreach (var definition in published)
        {
            var model = models.Get(definition);
            foreach (var trigger in model.GetTriggers().Where(t => triggerTypes.ContainsKey(t.ActivityType)))
            {
                // Matches() sees the trigger's defaults only: its inputs are expressions evaluated in a run, and there
                // is no run yet. Triggers whose filter depends on inputs check it again when they execute.
                var activity = (IEventTrigger<TEvent>)Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(services, triggerTypes[trigger.ActivityType]);
                if (!activity.Matches(integrationEvent))
                {
                    continue;
                }

                var instance = await runner.StartAsync(definition.Id, null, input, correlationId: null, cancellationToken, trigger.ActivityId);
                logger.LogInformation("{Event} {EventId} started workflow {DefinitionId} instance {InstanceId}",
                    typeof(TEvent).Name, integrationEvent.EventId, definition.DefinitionId, instance.Id);
            }
        }
    }

    /// <summary>The event's properties become the workflow's input (camelCase names, as in the event's JSON).</summary>
    private static Dictionary<string, object?> Input(TEvent integrationEvent)
    {
        var element = JsonSerializer.SerializeToElement(integrationEvent, integrationEvent.GetType(), JsonSerializerOptions.Web);
        return element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }
}

/// <summary>Finds the integration event types that SDK triggers listen to, so a handler is registered for each.</summary>
internal static class WorkflowEventTriggers
{
    public static IEnumerable<Type> EventTypes(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && t.GetCustomAttribute<ActivityAttribute>() is not null)
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventTrigger<>))
            .Select(i => i.GetGenericArguments()[0])
            .Distinct();
}
