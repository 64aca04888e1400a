using System.Reflection;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Scheduling;
using Crm.Workflows.Api;
using Crm.Workflows.Definitions;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Inbox;
using Crm.Workflows.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows;

/// <summary>How the host switches the workflow server on: services, the Elsa API for the designer, and its storage.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workflow server. <paramref name="activitySources"/> are the assemblies whose SDK activities
    /// (<c>[Activity]</c> classes) appear in the designer's toolbox and may run, each with the name of the module or
    /// plugin it belongs to: pass only enabled modules, so a disabled module's activities disappear.
    /// </summary>
    /// <remarks>Needs the building blocks registered by <c>AddCrmModules</c> (TimeProvider, ICurrentUser, problem details).</remarks>
    public static IServiceCollection AddCrmWorkflows(
        this IServiceCollection services, IConfiguration configuration, IEnumerable<(Assembly assembly, string source)> activitySources)
    {
        services.AddModuleDbContext<WorkflowsDbContext, WorkflowsSqliteDbContext, WorkflowsSqlServerDbContext, WorkflowsPostgreSqlDbContext>(configuration, WorkflowsDbContext.ModuleName);

        // Elsa's core activities first; described once, at start-up; a type-name clash between two sources fails the
        // start with both names.
        services.AddActivityDescriptors(() => Runtime.Core.CoreActivityDescriptors.All);
        services.AddSingleton(sp => new Runtime.WorkflowEngine(sp.GetRequiredService<ActivityRegistry>(), null, sp.GetRequiredService<TimeProvider>()));
        var sources = activitySources.DistinctBy(s => s.assembly).ToList();
        foreach (var (assembly, source) in sources)
        {
            services.AddActivityDescriptors(() => SdkActivityDescriber.DescribeAll(assembly, source));
        }

        // The inbox's own activities (Human task, Request approval, ...), always there with the workflow server.
        services.AddActivityDescriptors(() => SdkActivityDescriber.DescribeAll(typeof(WorkflowsServiceCollectionExtensions).Assembly, WorkflowsDbContext.ModuleName));
        AddEventTriggerHandlers(services, sources.Select(s => s.assembly));
        if (configuration.GetValue("Workflows:Templates:Install", true))
        {
            // Workflows that modules ship (embedded *.workflow.json): installed and published once when missing.
            services.AddSingleton(new Definitions.WorkflowTemplateSources(sources.Select(s => s.assembly).ToList()));
            services.AddHostedService<Definitions.WorkflowTemplateInstaller>();
        }

        services.AddSingleton(sp =>
        {
            var descriptors = sp.GetServices<ActivityDescriptorSource>().SelectMany(s => s.Describe()).ToList();
            return new ActivityRegistry(descriptors);
        });
        services.AddSingleton<DefinitionValidator>();
        services.AddScoped<DefinitionStore>();
        services.AddSingleton<Runtime.WorkflowModelCache>();
        services.AddScoped<Runtime.WorkflowBursts>();
        services.AddScoped<Runtime.WorkflowEventDelivery>();
        services.AddScoped<Runtime.WorkflowRunner>();
        AddTimers(services, configuration);
        services.AddSingleton<IActivityInputOptionsProvider, FixedInputOptionsProvider>();
        services.AddInbox(configuration);
        return services;
    }

    /// <summary>
    /// One integration event handler per event type that an SDK trigger (<c>IEventTrigger&lt;TEvent&gt;</c>) of an
    /// enabled source listens to; its inbox lives in the workflows database, next to the instances it starts.
    /// </summary>
    private static void AddEventTriggerHandlers(IServiceCollection services, IEnumerable<Assembly> assemblies)
    {
        var register = typeof(MessagingServiceCollectionExtensions).GetMethods()
            .Single(m => m.Name == nameof(MessagingServiceCollectionExtensions.AddIntegrationEventHandler) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 3);
        var list = assemblies.ToList();

        // Activities that wait for an event (IResumedByEvent<TEvent>): one handler per event type resumes their bookmarks.
        // Registered before the triggers, so handlers run in that order: an event that both ends waits and starts
        // workflows (FollowUpLogged) resumes the instances that were waiting before it, never the one it starts itself.
        foreach (var eventType in IntegrationEvents.WorkflowEventResumes.EventTypes(list))
        {
            var handlerType = typeof(IntegrationEvents.WorkflowEventResumeHandler<>).MakeGenericType(eventType);
            register.MakeGenericMethod(eventType, handlerType, typeof(WorkflowsDbContext)).Invoke(null, [services]);
        }

        foreach (var eventType in IntegrationEvents.WorkflowEventTriggers.EventTypes(list))
        {
            var handlerType = typeof(IntegrationEvents.WorkflowEventTriggerHandler<>).MakeGenericType(eventType);
            register.MakeGenericMethod(eventType, handlerType, typeof(WorkflowsDbContext)).Invoke(null, [services]);
        }
    }

    /// <summary>
    /// Timers on Quartz's persistent store (ADR 0018): a trigger per timer bookmark and per Elsa.Timer start trigger,
    /// and the reconciliation that keeps Quartz in line with the bookmark table. Off with
    /// <c>Workflows:Timers:Enabled=false</c>; the interval of the reconciliation is
    /// <c>Workflows:Timers:ReconcileIntervalSeconds</c> (default 60).
    /// </summary>
    private static void AddTimers(IServiceCollection services, IConfiguration configuration)
    {
        var options = new Runtime.Timers.WorkflowTimerOptions
        {
            Enabled = configuration.GetValue("Workflows:Timers:Enabled", true),
            ReconcileInterval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Workflows:Timers:ReconcileIntervalSeconds", 60.0))),
        };
        services.AddSingleton(options);
        services.AddSingleton<Runtime.Timers.WorkflowTimerScheduler>();
        services.AddScoped<Runtime.Timers.WorkflowTimerReconciler>();

        // With timers off the jobs are not registered, so the start-up cleanup removes them and every trigger they had:
        // no timer fires. Nothing is lost: switched on again, the reconciliation rebuilds the triggers from the
        // bookmarks and the published definitions.
        if (options.Enabled)
        {
            services.AddDurableJob<Runtime.Timers.WorkflowTimerJob>(Runtime.Timers.WorkflowTimerScheduler.TimerJob);
            services.AddDurableJob<Runtime.Timers.WorkflowStartTimerJob>(Runtime.Timers.WorkflowTimerScheduler.StartJob);
            services.AddRecurringJob<Runtime.Timers.WorkflowTimersReconcileJob>(Runtime.Timers.WorkflowTimerScheduler.ReconcileJob, options.ReconcileInterval, runAtStartup: true);
        }
    }

    /// <summary>
    /// Adds activity descriptors to the registry, e.g. the runtime's core activities:
    /// <c>services.AddActivityDescriptors(() => CoreActivities.Descriptors)</c>. Evaluated once, when the registry is built.
    /// </summary>
    internal static IServiceCollection AddActivityDescriptors(this IServiceCollection services, Func<IEnumerable<ActivityDescriptor>> describe) =>
        services.AddSingleton(new ActivityDescriptorSource(describe));

    /// <summary>Maps the Elsa-compatible REST API that the designer uses under <c>/elsa/api</c>, and the task inbox under <c>/api/inbox</c>.</summary>
    public static IEndpointRouteBuilder MapCrmWorkflows(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapElsaApi();
        endpoints.MapInbox();
        return endpoints;
    }
}

/// <summary>One contribution of activity descriptors to the <see cref="ActivityRegistry"/>.</summary>
internal sealed class ActivityDescriptorSource(Func<IEnumerable<ActivityDescriptor>> describe)
{
    public IEnumerable<ActivityDescriptor> Describe() => describe();
}
