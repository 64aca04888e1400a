using System.Net;
using System.Text.Json;
using Crm.Plugins.Notifications.Domain;
using Crm.Plugins.Notifications.Email;
using Crm.Plugins.Notifications.Features;
using Crm.Plugins.Notifications.Persistence;
using Crm.Plugins.Notifications.Workflows;
using Crm.TestKit;
using Crm.Workflows.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Tests;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class NotificationsTests
{
    private static async Task<Notification> Notify(CrmApp app, NotifyRequest request)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationService>().NotifyAsync(request, CancellationToken.None);
    }

    [Fact]
    public async Task The_plugin_is_found_by_type_and_on_by_default()
    {
        using var app = new CrmApp();
        using var client = app.CreateClient();

        var modules = await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);
        var notifications = (await modules.ReadJson()).EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Notifications");
        Assert.Equal("Plugin", notifications.GetProperty("kind").GetString());
        Assert.True(notifications.GetProperty("enabled").GetBoolean());
        Assert.Equal("UpToDate", notifications.GetProperty("migration").GetProperty("status").GetString());
        await (await client.GetAsync("/api/notifications")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_switched_off_plugin_exposes_nothing()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Plugins:Notifications:Enabled"] = "false" });
        using var client = app.CreateClient();

        await (await client.GetAsync("/api/notifications")).ShouldHave(HttpStatusCode.NotFound);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "crm.notifications.db")));
    }

    [Fact]
    public async Task Notifications_are_listed_counted_and_marked_read()
    {
        using var app = new CrmApp();
        var bob = Guid.NewGuid();
        var carol = Guid.NewGuid();
        using var client = app.CreateClientAs(bob);
        await Notify(app, new NotifyRequest(bob.ToString(), "Task assigned", "Approve discount", "/inbox/1", null, "test", null));
        var second = await Notify(app, new NotifyRequest(bob.ToString(), "Task overdue", null, null, null, "test", null));
        var carols = await Notify(app, new NotifyRequest(carol.ToString(), "Not for bob", null, null, null, "test", null));

        var list = await (await client.GetAsync("/api/notifications")).ShouldHave(HttpStatusCode.OK);
        var items = (await list.ReadJson()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Task overdue", "Task assigned"], items.Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(2, (await (await client.GetAsync("/api/notifications/unread-count")).ReadJson()).GetInt32());

        await (await client.PostAsync($"/api/notifications/{second.Id}/read", null)).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(1, (await (await client.GetAsync("/api/notifications/unread-count")).ReadJson()).GetInt32());
        var unread = await (await client.GetAsync("/api/notifications?unreadOnly=true")).ReadJson();
        Assert.Equal("Task assigned", unread.GetProperty("items")[0].GetProperty("title").GetString());

        await (await client.PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null)).ShouldHave(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/notifications?pageSize=0")).ShouldHave(HttpStatusCode.BadRequest);

        // The recipient is the caller, never a parameter: bob neither reads nor marks carol's notification.
        var spied = await (await client.GetAsync($"/api/notifications?recipient={carol}")).ReadJson();
        Assert.DoesNotContain(spied.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == "Not for bob");
        await (await client.PostAsync($"/api/notifications/{carols.Id}/read", null)).ShouldHave(HttpStatusCode.NotFound);
        using var asCarol = app.CreateClientAs(carol);
        Assert.Equal(1, (await (await asCarol.GetAsync("/api/notifications/unread-count")).ReadJson()).GetInt32());
    }

    [Fact]
    public async Task Notifications_need_a_signed_in_user()
    {
        using var app = new CrmApp();
        using var anonymous = app.CreateAnonymousClient();

        await (await anonymous.GetAsync("/api/notifications")).ShouldHave(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/notifications/unread-count")).ShouldHave(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null)).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_idempotency_key_notifies_once()
    {
        using var app = new CrmApp();
        app.CreateClient().Dispose();
        var first = await Notify(app, new NotifyRequest("dave", "Once", null, null, null, "test", "wf:1:a1"));
        var again = await Notify(app, new NotifyRequest("dave", "Once", null, null, null, "test", "wf:1:a1"));

        Assert.Equal(first.Id, again.Id);
        using var scope = app.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notifications.CountAsync());
    }

    [Fact]
    public async Task Emails_go_through_the_configured_smtp_server()
    {
        using var smtp = new FakeSmtpServer();
        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(),
            ["Notifications:Smtp:From"] = "crm@example.test",
            ["Notifications:EmailPollingIntervalSeconds"] = "3600",
        });
        app.CreateClient().Dispose();
        var notification = await Notify(app, new NotifyRequest("erin", "Quote approved", "Your quote Q-7 was approved.", null, "erin@example.test", "test", null));

        using var scope = app.Services.CreateScope();
        var sent = await scope.ServiceProvider.GetRequiredService<EmailDispatchJob>().SendDueAsync(CancellationToken.None);

        Assert.Equal(1, sent);
        var message = Assert.Single(smtp.Messages);
        Assert.Contains("Subject: Quote approved", message);
        Assert.Contains("erin@example.test", message);
        var stored = await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notifications.SingleAsync(n => n.Id == notification.Id);
        Assert.Equal(EmailStatus.Sent, stored.EmailStatus);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<EmailDispatchJob>().SendDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_dispatchers_send_each_email_once()
    {
        using var smtp = new FakeSmtpServer();
        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(),
            ["Notifications:EmailPollingIntervalSeconds"] = "3600",
        });
        app.CreateClient().Dispose();
        for (var i = 0; i < 5; i++)
        {
            await Notify(app, new NotifyRequest("ivy", $"Mail {i}", null, null, "ivy@example.test", "test", null));
        }

        var runs = Enumerable.Range(0, 3).Select(async _ =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<EmailDispatchJob>().SendDueAsync(CancellationToken.None);
        });
        var sent = (await Task.WhenAll(runs)).Sum();

        Assert.Equal(5, sent);
        Assert.Equal(5, smtp.Messages.Count);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_is_recorded_and_given_up_after_the_last_attempt()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = closedPort.ToString(),
            ["Notifications:Smtp:MaxAttempts"] = "1",
            ["Notifications:EmailPollingIntervalSeconds"] = "3600",
        });
        app.CreateClient().Dispose();
        var notification = await Notify(app, new NotifyRequest("frank", "Lost mail", null, null, "frank@example.test", "test", null));

        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<EmailDispatchJob>().SendDueAsync(CancellationToken.None));

        var stored = await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notifications.AsNoTracking().SingleAsync(n => n.Id == notification.Id);
        Assert.Equal(EmailStatus.Failed, stored.EmailStatus);
        Assert.False(string.IsNullOrEmpty(stored.EmailError));
    }

    [Fact]
    public async Task The_send_notification_activity_stores_one_notification_per_execution()
    {
        using var app = new CrmApp();
        app.CreateClient().Dispose();
        using var scope = app.Services.CreateScope();
        var context = new TestContext(scope.ServiceProvider);

        var activity = new SendNotificationActivity { Recipient = "gina", Title = "New lead", Body = "Call them", Channel = NotificationChannel.InApp };
        var result = await activity.ExecuteAsync(context);
        await new SendNotificationActivity { Recipient = "gina", Title = "New lead" }.ExecuteAsync(context);

        Assert.Equal(ActivityResultKind.Completed, result.Kind);
        Assert.NotNull(activity.NotificationId);
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.Recipient == "gina"));
        Assert.Contains("Notified gina: New lead", context.Lines);
    }

    [Fact]
    public async Task The_activity_faults_when_email_is_asked_without_an_address()
    {
        using var app = new CrmApp();
        app.CreateClient().Dispose();
        using var scope = app.Services.CreateScope();

        var result = await new SendNotificationActivity { Recipient = "hank", Title = "x", Channel = NotificationChannel.Email }.ExecuteAsync(new TestContext(scope.ServiceProvider));

        Assert.Equal(ActivityResultKind.Faulted, result.Kind);
        Assert.Contains("e-mail address", result.FaultMessage);
    }

    private sealed class TestContext(IServiceProvider services) : ActivityContext
    {
        public List<string> Lines { get; } = [];

        public override string WorkflowInstanceId => "instance-1";

        public override string WorkflowDefinitionId => "definition-1";

        public override string? CorrelationId => null;

        public override string ActivityId => "notify1";

        public override string? ActivityExecutionId => "execution-1";

        public override IServiceProvider Services => services;

        public override CancellationToken CancellationToken => CancellationToken.None;

        public override IReadOnlyDictionary<string, object?> WorkflowInput => new Dictionary<string, object?>();

        public override object? GetVariable(string name) => null;

        public override void SetVariable(string name, object? value)
        {
        }

        public override void SetOutput(string name, object? value)
        {
        }

        public override void Log(string message) => Lines.Add(message);
    }
}
