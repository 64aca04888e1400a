using Crm.Plugins.Notifications.Features;
using Crm.Workflows.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Notifications.Workflows;

internal enum NotificationChannel
{
    InApp,
    Email,
    Both,
}

[Activity("Crm", "SendNotification", Category = "CRM Notifications", DisplayName = "Send notification",
    Description = "Tells a person something: in the app's notification list, by e-mail, or both.")]
internal sealed class SendNotificationActivity : IActivity
{
    [Input(Description = "User id of the person to notify.", IsRequired = true, Order = 0)]
    public string Recipient { get; set; } = "";

    [Input(Description = "Short title shown in the list and used as the e-mail subject.", IsRequired = true, Order = 1)]
    public string Title { get; set; } = "";

    [Input(Description = "The message.", UIHint = UIHints.MultiLine, Order = 2)]
    public string? Body { get; set; }

    [Input(Description = "Where to send it.", Order = 3, DefaultValue = nameof(NotificationChannel.InApp))]
    public NotificationChannel Channel { get; set; } = NotificationChannel.InApp;

    [Input(DisplayName = "E-mail address", Description = "Needed for e-mail.", Order = 4)]
    public string? Email { get; set; }

    [Input(Description = "Optional link the person can open, e.g. /accounts/{id}.", Order = 5)]
    public string? Link { get; set; }

    [Output(Description = "Id of the stored notification.")]
    public string? NotificationId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var wantsEmail = Channel is NotificationChannel.Email or NotificationChannel.Both;
        if (wantsEmail && string.IsNullOrWhiteSpace(Email))
        {
            return ActivityResult.Fault("An e-mail notification needs an e-mail address (input 'E-mail address').");
        }

        var service = context.Services.GetRequiredService<NotificationService>();
        // Keyed by instance and activity execution: replaying this step after a crash does not notify twice.
        var key = $"wf:{context.WorkflowInstanceId}:{context.ActivityExecutionId ?? context.ActivityId}";
        var notification = await service.NotifyAsync(
            new NotifyRequest(Recipient, Title, Body, Link, wantsEmail ? Email : null, $"workflow:{context.WorkflowInstanceId}", key),
            context.CancellationToken);
        NotificationId = notification.Id.ToString();
        context.Log($"Notified {Recipient}: {Title}");
        return ActivityResult.Complete();
    }
}
