using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Crm.Workflows.PublicApi.IntegrationEvents;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Workflows.Tests.Inbox.InboxApp;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>Out-of-office routing and what happens when a due time passes. Each test owns its app: they move the clock.</summary>
public sealed class OutOfOfficeAndEscalationTests : IDisposable
{
    private readonly InboxApp _fx = new();

    [Fact]
    public async Task While_someone_is_out_of_office_their_new_tasks_go_to_the_proxy_on_their_behalf()
    {
        var now = _fx.Clock.GetUtcNow().UtcDateTime;
        var rule = await OkCreated(Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office",
            new { proxyId = Staff.Bob.UserId, from = now.AddHours(-1), to = now.AddDays(3), note = "Holiday" }));
        Assert.True(rule.GetProperty("isActive").GetBoolean());
        Assert.Equal("Bob Sales", rule.GetProperty("proxy").Str("name"));

        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Follow up", assignee: Staff.Alice.UserId.ToString()));

        var task = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(Staff.Bob.UserId, task.AssigneeId);
        Assert.Equal(Staff.Alice.UserId, task.OnBehalfOfId);
        var item = Assert.Single((await OkJson(_fx.As(Staff.Bob).GetAsync($"/api/inbox/tasks?process={definitionId}"))).GetProperty("items").EnumerateArray());
        Assert.Equal("Alice Sales", item.GetProperty("onBehalfOf").Str("name"));
        // Alice can still see what is done on her behalf.
        await OkJson(_fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks/{task.Id}"));

        await OkJson(Post(_fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/complete", new { comment = "Done for Alice" }));
        var history = await _fx.HistoryAsync(task.Id);
        Assert.Equal([TaskAction.Created, TaskAction.RoutedToProxy, TaskAction.Completed], history.Select(h => h.Action));
        Assert.Contains("Holiday", history[1].Comment, StringComparison.Ordinal);
        Assert.Equal(Staff.Bob.UserId, history[2].ActorId);
        Assert.Equal(Staff.Alice.UserId, history[2].OnBehalfOfId);
        var completed = Assert.Single(await _fx.TasksAsync(instanceId));
        Assert.Equal(Staff.Alice.UserId, completed.CompletedOnBehalfOfId);
    }

    [Fact]
    public async Task A_rule_for_later_dates_leaves_todays_tasks_with_the_person()
    {
        var now = _fx.Clock.GetUtcNow().UtcDateTime;
        await OkCreated(Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office", new { proxyId = Staff.Bob.UserId, from = now.AddDays(2), to = now.AddDays(5) }));

        var (_, first) = await StartAsync(InboxJson.HumanTask("Today", assignee: Staff.Alice.UserId.ToString()));
        Assert.Equal(Staff.Alice.UserId, (await _fx.SingleOpenTaskAsync(first)).AssigneeId);

        _fx.Clock.Advance(TimeSpan.FromDays(3));
        var (_, second) = await StartAsync(InboxJson.HumanTask("During the leave", assignee: Staff.Alice.UserId.ToString()));
        Assert.Equal(Staff.Bob.UserId, (await _fx.SingleOpenTaskAsync(second)).AssigneeId);

        _fx.Clock.Advance(TimeSpan.FromDays(3));
        var (_, third) = await StartAsync(InboxJson.HumanTask("Back", assignee: Staff.Alice.UserId.ToString()));
        Assert.Equal(Staff.Alice.UserId, (await _fx.SingleOpenTaskAsync(third)).AssigneeId);
    }

    [Fact]
    public async Task Proxies_chain_but_never_in_a_circle()
    {
        var now = _fx.Clock.GetUtcNow().UtcDateTime;
        await OkCreated(Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office", new { proxyId = Staff.Bob.UserId, from = now, to = now.AddDays(1) }));
        await OkCreated(Post(_fx.As(Staff.Bob), "/api/inbox/out-of-office", new { proxyId = Staff.Alice.UserId, from = now, to = now.AddDays(1) }));
        await OkCreated(Post(_fx.As(Staff.Mia), "/api/inbox/out-of-office", new { proxyId = Staff.Alice.UserId, from = now, to = now.AddDays(1) }));

        var (_, circle) = await StartAsync(InboxJson.HumanTask("Circle", assignee: Staff.Alice.UserId.ToString()));
        var (_, chain) = await StartAsync(InboxJson.HumanTask("Chain", assignee: Staff.Mia.UserId.ToString()));

        Assert.Equal(Staff.Bob.UserId, (await _fx.SingleOpenTaskAsync(circle)).AssigneeId);
        var chained = await _fx.SingleOpenTaskAsync(chain);
        Assert.Equal(Staff.Bob.UserId, chained.AssigneeId);
        Assert.Equal(Staff.Mia.UserId, chained.OnBehalfOfId);
    }

    [Fact]
    public async Task Out_of_office_rules_are_checked_and_only_a_manager_sets_them_for_someone_else()
    {
        var now = _fx.Clock.GetUtcNow().UtcDateTime;
        var self = await (await Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office", new { proxyId = Staff.Alice.UserId, from = now, to = now.AddDays(1) }))
            .ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["The proxy must be someone other than the absent person."], (await self.ReadFieldErrors())["proxyId"]);
        var backwards = await (await Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office", new { proxyId = Staff.Bob.UserId, from = now, to = now.AddDays(-1) }))
            .ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("to", (await backwards.ReadFieldErrors()).Keys);
        await (await Post(_fx.As(Staff.Bob), "/api/inbox/out-of-office", new { userId = Staff.Alice.UserId, proxyId = Staff.Bob.UserId, from = now, to = now.AddDays(1) }))
            .ShouldHave(HttpStatusCode.Forbidden);

        var byManager = await OkCreated(Post(_fx.As(Staff.Mia), "/api/inbox/out-of-office",
            new { userId = Staff.Alice.UserId, proxyId = Staff.Bob.UserId, from = now, to = now.AddDays(1) }));
        Assert.Equal("Alice Sales", byManager.GetProperty("user").Str("name"));
        var overlap = await (await Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office", new { proxyId = Staff.Mia.UserId, from = now.AddHours(2), to = now.AddDays(2) }))
            .ShouldHave(HttpStatusCode.Conflict);
        Assert.Contains("already an out-of-office rule", (await overlap.ReadJson()).Str("detail"), StringComparison.Ordinal);

        var mine = await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/out-of-office"));
        Assert.Single(mine.EnumerateArray());
        await (await _fx.As(Staff.Bob).DeleteAsync($"/api/inbox/out-of-office/{byManager.Str("id")}")).ShouldHave(HttpStatusCode.Forbidden);
        await (await _fx.As(Staff.Alice).DeleteAsync($"/api/inbox/out-of-office/{byManager.Str("id")}")).ShouldHave(HttpStatusCode.NoContent);
        Assert.Empty((await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/out-of-office"))).EnumerateArray());

        // Who set and removed the rule, under the absent person.
        await using var scope = _fx.App.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.SubjectId == Staff.Alice.UserId && a.Entity == nameof(OutOfOfficeRule)).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([("Created", Staff.Mia.UserId.ToString()), ("Deleted", Staff.Alice.UserId.ToString())], audit.Select(a => (a.Action, a.By)));
    }

    [Fact]
    public async Task Moving_open_tasks_with_a_new_rule_hands_the_inbox_to_the_proxy()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Already there", assignee: Staff.Alice.UserId.ToString()));
        var now = _fx.Clock.GetUtcNow().UtcDateTime;

        await OkCreated(Post(_fx.As(Staff.Alice), "/api/inbox/out-of-office", new { proxyId = Staff.Bob.UserId, from = now, to = now.AddDays(1), moveOpenTasks = true }));

        var task = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(Staff.Bob.UserId, task.AssigneeId);
        Assert.Equal(Staff.Alice.UserId, task.OnBehalfOfId);
    }

    [Fact]
    public async Task When_the_due_time_passes_the_task_is_escalated_to_the_assignees_manager_and_the_workflow_keeps_waiting()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Answer the complaint", assignee: Staff.Alice.UserId.ToString(),
            dueIn: "02:00:00", onOverdue: "EscalateToManager"));
        var task = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(_fx.Clock.GetUtcNow().UtcDateTime.AddHours(2), task.DueAtUtc);
        Assert.Empty((await OkJson(_fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?view=overdue&process={definitionId}"))).GetProperty("items").EnumerateArray());

        _fx.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/counts"))).GetProperty("mine").GetInt32());
        _fx.Clock.Advance(TimeSpan.FromHours(2));
        var overdue = Assert.Single((await OkJson(_fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?view=overdue&process={definitionId}"))).GetProperty("items").EnumerateArray());
        Assert.True(overdue.GetProperty("isOverdue").GetBoolean());
        Assert.Equal(1, (await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/counts"))).GetProperty("overdue").GetInt32());

        await _fx.FireDueTimersAsync(instanceId);

        var escalated = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(Staff.Mia.UserId, escalated.AssigneeId);
        Assert.Equal(TaskPriority.Urgent, escalated.Priority);
        Assert.NotNull(escalated.EscalatedAtUtc);
        var entry = (await _fx.HistoryAsync(task.Id))[^1];
        Assert.Equal(TaskAction.Escalated, entry.Action);
        Assert.Null(entry.ActorId);
        Assert.Contains(Staff.Mia.UserId.ToString(), entry.After, StringComparison.Ordinal);
        Assert.Equal("Suspended", (await _fx.InstanceAsync(instanceId)).Str("subStatus"));
        Assert.Contains(nameof(HumanTaskEscalatedIntegrationEvent), await OutboxTypesAsync());

        await OkJson(Post(_fx.As(Staff.Mia), $"/api/inbox/tasks/{task.Id}/complete"));
        Assert.Equal("Finished", (await _fx.InstanceAsync(instanceId)).Str("subStatus"));
        Assert.Contains("after:Completed", await _fx.JournalAsync(instanceId));
    }

    [Fact]
    public async Task An_overdue_queue_task_goes_to_the_units_manager_who_finds_it_in_their_inbox_and_is_notified()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Call the new lead", role: "Sales", branch: Staff.North.ToString(),
            dueIn: "04:00:00", onOverdue: "EscalateToManager"));
        var queued = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Null(queued.AssigneeId);

        _fx.Clock.Advance(TimeSpan.FromHours(5));
        await _fx.FireDueTimersAsync(instanceId);

        // Before issue 14.3 it was only marked urgent and stayed in the queue, reaching nobody.
        var escalated = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(Staff.Mia.UserId, escalated.AssigneeId);
        Assert.Equal(TaskPriority.Urgent, escalated.Priority);
        Assert.Contains("unit's manager", (await _fx.HistoryAsync(queued.Id))[^1].Comment, StringComparison.Ordinal);
        var mine = (await OkJson(_fx.As(Staff.Mia).GetAsync($"/api/inbox/tasks?view=mine&process={definitionId}"))).GetProperty("items").EnumerateArray();
        Assert.Equal(queued.Id.ToString(), Assert.Single(mine).Str("id"));
        // South's people never see North's escalation.
        Assert.Empty((await OkJson(_fx.As(Staff.Dora).GetAsync($"/api/inbox/tasks?view=group&process={definitionId}"))).GetProperty("items").EnumerateArray());

        await _fx.DrainOutboxAsync();
        var notifications = (await OkJson(_fx.As(Staff.Mia).GetAsync("/api/notifications?pageSize=100"))).GetProperty("items").EnumerateArray();
        Assert.Contains(notifications, n => n.Str("title") == "Overdue task escalated to you: Call the new lead");
    }

    [Fact]
    public async Task A_due_time_in_business_hours_skips_the_evening_in_the_assignees_calendar()
    {
        // Monday 2026-11-23 08:00 UTC is 16:00 in Shanghai (the company calendar: Monday to Friday 09:00-18:00).
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Quote back", assignee: Staff.Alice.UserId.ToString(), dueInBusinessHours: "4"));

        var task = await _fx.SingleOpenTaskAsync(instanceId);

        // Two hours on Monday, two on Tuesday from 09:00 Shanghai: 11:00 there, 03:00 UTC.
        Assert.Equal(new DateTime(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc), task.DueAtUtc);
    }

    [Fact]
    public async Task With_the_Overdue_outcome_the_task_is_withdrawn_and_the_workflow_goes_on_the_Overdue_port()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Reply in time", assignee: Staff.Alice.UserId.ToString(),
            dueIn: "1.00:00:00", onOverdue: "Outcome"));
        var task = await _fx.SingleOpenTaskAsync(instanceId);

        _fx.Clock.Advance(TimeSpan.FromDays(1.5));
        await _fx.FireDueTimersAsync(instanceId);

        var withdrawn = Assert.Single(await _fx.TasksAsync(instanceId));
        Assert.Equal(HumanTaskStatus.Cancelled, withdrawn.Status);
        Assert.StartsWith("Overdue", withdrawn.CancelReason, StringComparison.Ordinal);
        var journal = await _fx.JournalAsync(instanceId);
        Assert.Contains("late:Completed", journal);
        Assert.DoesNotContain("after:Started", journal);
        Assert.Equal("Finished", (await _fx.InstanceAsync(instanceId)).Str("subStatus"));
        await (await Post(_fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_task_completed_in_time_leaves_no_timer_behind()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Quick", assignee: Staff.Alice.UserId.ToString(), dueIn: "01:00:00", onOverdue: "EscalateToManager"));
        var task = await _fx.SingleOpenTaskAsync(instanceId);

        await OkJson(Post(_fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete"));

        await using var scope = _fx.App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Bookmarks.AnyAsync(b => b.InstanceId == instanceId));
    }

    private async Task<List<string>> OutboxTypesAsync()
    {
        await using var scope = _fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var sql = $"SELECT \"Type\" AS \"Value\" FROM {TestDatabase.Table(db, "OutboxMessages")}";
        var types = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        return types.Select(t => t.Split(',')[0].Split('.')[^1]).ToList();
    }

    private static async Task<System.Text.Json.JsonElement> OkCreated(Task<HttpResponseMessage> request) =>
        await (await (await request).ShouldHave(HttpStatusCode.Created)).ReadJson();

    private async Task<(string DefinitionId, string InstanceId)> StartAsync((string, JsonNode?)[] task)
    {
        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", task)
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Activity("late", "Elsa.WriteLine", ("text", Literal("late")))
            .Chain("start", "task", "after")
            .Connect("task", "late", "Overdue"));
        return (definitionId, await _fx.StartAsync(definitionId));
    }

    public void Dispose() => _fx.Dispose();
}
