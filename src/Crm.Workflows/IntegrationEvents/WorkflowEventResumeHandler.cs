using System.Reflection;
using System.Text.Json;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Workflows.IntegrationEvents;

/// <summary>
/// Resumes instances waiting in an SDK activity that implements <see cref="IResumedByEvent{TEvent}"/> for
/// <typeparamref name="TEvent"/>. Registered once per such event type, with its inbox in <see cref="WorkflowsDbContext"/>:
/// the resumed bursts are written in the inbox's transaction, so a redelivered event resumes nothing twice. A bookmark
/// already resumed (by its timer, or a concurrent delivery) is skipped: the resume claims it by deleting its row.
/// </summary>
internal sealed class WorkflowEventResumeHandler<TEvent>(
    WorkflowsDbContext db,
    ActivityRegistry registry,
    WorkflowRunner runner,
    IServiceProvider services,
    ILogger<WorkflowEventResumeHandler<TEvent>> logger) : IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    public async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        var activityTypes = registry.All
            .Where(d => d.ActivityType is { } type && typeof(IResumedByEvent<TEvent>).IsAssignableFrom(type))
            .Select(d => d.ActivityType!)
            .Distinct()
            .ToList();
        Dictionary<string, object?>? input = null;
        foreach (var type in activityTypes)
        {
            var activity = (IResumedByEvent<TEvent>)Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(services, type);
            if (activity.BookmarkFor(integrationEvent) is not { } bookmark)
            {
                continue;
            }

            // The same hash the runtime computes when the activity suspends (name + canonical payload).
            var hash = BookmarkHash.Compute(bookmark.Name, bookmark.Payload.ToDictionary(p => p.Key, p => PlainValue.From(p.Value), StringComparer.Ordinal));
            var waiting = await db.Bookmarks.AsNoTracking().Where(b => b.Hash == hash).OrderBy(b => b.CreatedAtUtc).Select(b => b.Id).ToListAsync(cancellationToken);
            foreach (var bookmarkId in waiting)
            {
                input ??= Input(integrationEvent);
                try
                {
                    var instance = await runner.ResumeAsync(bookmarkId, input, cancellationToken);
                    logger.LogInformation("{Event} {EventId} resumed workflow instance {InstanceId}", typeof(TEvent).Name, integrationEvent.EventId, instance.Id);
                }
                catch (WorkflowConflictException)
                {
                    // Resumed by its timer or another delivery first.
                }
            }
        }
    }

    private static Dictionary<string, object?> Input(TEvent integrationEvent)
    {
        var element = JsonSerializer.SerializeToElement(integrationEvent, integrationEvent.GetType(), JsonSerializerOptions.Web);
        return element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }
}

/// <summary>Finds the integration event types that SDK activities are resumed by, so a handler is registered for each.</summary>
internal static class WorkflowEventResumes
{
    public static IEnumerable<Type> EventTypes(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && t.GetCustomAttribute<ActivityAttribute>() is not null)
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IResumedByEvent<>))
            .Select(i => i.GetGenericArguments()[0])
            .Distinct();
}
