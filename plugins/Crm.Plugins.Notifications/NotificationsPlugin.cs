using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Notifications;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Scheduling;
using Crm.Plugins.Notifications.Email;
using Crm.Plugins.Notifications.Features;
using Crm.Plugins.Notifications.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Plugins.Notifications;

/// <summary>
/// In-app notifications and e-mail through a configurable SMTP host, the "Send notification" activity, and the task
/// inbox's notifications (assignment, delegation, escalation, transfer).
/// </summary>
public sealed class NotificationsPlugin : IPlugin
{
    public string Name => "Notifications";

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        // The plugin has no mediator, which would register its message catalogue: its notifications are written in
        // each recipient's language from it (ADR 0137).
        ServerText.Register(typeof(NotificationsPlugin).Assembly);
        services.AddModuleDbContext<NotificationsDbContext, NotificationsSqliteDbContext, NotificationsSqlServerDbContext, NotificationsPostgreSqlDbContext>(configuration, Name);
        services.Configure<SmtpOptions>(configuration.GetSection("Notifications:Smtp"));
        services.AddScoped<NotificationService>();
        services.AddScoped<UserNotifications>();
        // Registered only while the plugin is on: the shell shows its bell exactly when this service exists.
        services.AddScoped<IUserNotifications>(sp => sp.GetRequiredService<UserNotifications>());
        // Inbox events (task assigned, delegated, escalated, transferred) become notifications; the workflows outbox sends them.
        services.AddIntegrationEventHandlers<NotificationsDbContext>(typeof(NotificationsPlugin).Assembly);
        services.AddScoped<EmailDispatchJob>();
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Notifications:EmailPollingIntervalSeconds", 10.0)));
        services.AddRecurringJob<EmailDispatchJob>(new JobKey("notifications-email", "notifications"), interval);
        if (!string.IsNullOrWhiteSpace(configuration["Notifications:Smtp:Host"]))
        {
            services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp", tags: ["smtp"]);
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapNotificationEndpoints();
}
