using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Modules;
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

/// <summary>In-app notifications and e-mail through a configurable SMTP host, plus the "Send notification" activity.</summary>
public sealed class NotificationsPlugin : IPlugin
{
    public string Name => "Notifications";

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<NotificationsDbContext, NotificationsSqliteDbContext, NotificationsSqlServerDbContext>(configuration, Name);
        services.Configure<SmtpOptions>(configuration.GetSection("Notifications:Smtp"));
        services.AddScoped<NotificationService>();
        services.AddScoped<EmailDispatchJob>();
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Notifications:EmailPollingIntervalSeconds", 10.0)));
        services.AddRecurringJob<EmailDispatchJob>(new JobKey("notifications-email", "notifications"), interval);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapNotificationEndpoints();
}
