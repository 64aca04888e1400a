using System.Reflection;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.BuildingBlocks.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers every <see cref="IIntegrationEventHandler{TEvent}"/> in <paramref name="assembly"/>, with its inbox in
    /// the consuming module's <typeparamref name="TContext"/>.
    /// </summary>
    public static IServiceCollection AddIntegrationEventHandlers<TContext>(this IServiceCollection services, Assembly assembly)
        where TContext : ModuleDbContext
    {
        var handlers = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIntegrationEventHandler<>))
                .Select(i => (Handler: t, Event: i.GetGenericArguments()[0])));
        foreach (var (handler, eventType) in handlers)
        {
            services.AddIntegrationEventHandler(eventType, handler, typeof(TContext));
        }

        return services;
    }

    internal static IServiceCollection AddIntegrationEventHandler(this IServiceCollection services, Type eventType, Type handlerType, Type inboxContextType)
    {
        services.TryAddScoped(handlerType);
        services.AddSingleton(new IntegrationEventHandlerRegistration(eventType, handlerType, inboxContextType));
        return services;
    }

    /// <summary>Test and plugin hook: registers one handler explicitly.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler, TContext>(this IServiceCollection services)
        where TEvent : PublicApi.IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
        where TContext : ModuleDbContext =>
        services.AddIntegrationEventHandler(typeof(TEvent), typeof(THandler), typeof(TContext));

    internal static IServiceCollection AddOutbox<TContext>(this IServiceCollection services, string moduleName, IConfiguration configuration)
        where TContext : ModuleDbContext
    {
        services.TryAddScoped<IntegrationEventDispatcher>();
        services.AddSingleton(sp => new OutboxProcessor<TContext>(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<OutboxProcessor<TContext>>>()));

        if (!configuration.GetValue("Outbox:Enabled", true))
        {
            return services;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(0.2, configuration.GetValue("Outbox:PollingIntervalSeconds", 2.0)));
        services.AddRecurringJob<OutboxJob<TContext>>(new JobKey($"{moduleName.ToLowerInvariant()}-outbox", "outbox"), interval);
        return services;
    }
}
