using System.Net;
using System.Text.Json;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Workflows.Tests.Inbox.InboxApp;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>The inbox lists (views, filters, sort, paging), the badge counts, and all-or-nothing completion.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class InboxQueryTests : IDisposable
{
    private readonly InboxApp _fx = new();

    [Fact]
    public async Task Views_filters_sorting_paging_and_counts_show_the_right_tasks()
    {
        var sales = await PublishAsync("Sales follow-up", ("a", InboxJson.HumanTask("Low, later", assignee: Staff.Alice.UserId.ToString(), dueIn: "3.00:00:00", priority: "Low")),
            ("b", InboxJson.HumanTask("Urgent, soon", assignee: Staff.Alice.UserId.ToString(), dueIn: "1.00:00:00", priority: "Urgent")),
            ("c", InboxJson.HumanTask("No due date", assignee: Staff.Alice.UserId.ToString())),
            ("d", InboxJson.HumanTask("Queue work", role: "Sales")));
        var other = await PublishAsync("Other process", ("a", InboxJson.HumanTask("Elsewhere", assignee: Staff.Alice.UserId.ToString(), dueIn: "02:00:00")));
        await _fx.StartAsync(sales);
        await _fx.StartAsync(other);

        var byDue = await TitlesAsync("/api/inbox/tasks");
        Assert.Equal(["Elsewhere", "Urgent, soon", "Low, later", "No due date"], byDue);
        Assert.Equal(["Urgent, soon", "Low, later", "No due date"], await TitlesAsync($"/api/inbox/tasks?process={sales}"));
        Assert.Equal(["Urgent, soon", "Elsewhere", "No due date", "Low, later"], await TitlesAsync("/api/inbox/tasks?sort=priority"));
        Assert.Equal(["Urgent, soon"], await TitlesAsync("/api/inbox/tasks?priority=urgent"));
        Assert.Equal(["Low, later"], await TitlesAsync("/api/inbox/tasks?search=later"));
        var dueBefore = _fx.Clock.GetUtcNow().UtcDateTime.AddDays(2).ToString("O");
        Assert.Equal(["Elsewhere", "Urgent, soon"], await TitlesAsync($"/api/inbox/tasks?dueBefore={Uri.EscapeDataString(dueBefore)}"));
        Assert.Equal(["Queue work"], await TitlesAsync("/api/inbox/tasks?view=group"));

        var page1 = await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/tasks?pageSize=3&includeTotal=true"));
        Assert.True(page1.GetProperty("hasMore").GetBoolean());
        Assert.Equal(4, page1.GetProperty("total").GetInt64());
        var page2 = await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/tasks?pageSize=3&page=2"));
        Assert.Equal("No due date", Assert.Single(page2.GetProperty("items").EnumerateArray()).Str("title"));
        Assert.False(page2.GetProperty("hasMore").GetBoolean());

        var counts = await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/counts"));
        Assert.Equal((4, 1, 0, 0), (counts.GetProperty("mine").GetInt32(), counts.GetProperty("group").GetInt32(), counts.GetProperty("delegated").GetInt32(), counts.GetProperty("overdue").GetInt32()));
        _fx.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(2, (await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/counts"))).GetProperty("overdue").GetInt32());
        Assert.Equal(["Elsewhere", "Urgent, soon"], await TitlesAsync("/api/inbox/tasks?view=overdue"));

        var bob = await OkJson(_fx.As(Staff.Bob).GetAsync("/api/inbox/counts"));
        Assert.Equal((0, 1), (bob.GetProperty("mine").GetInt32(), bob.GetProperty("group").GetInt32()));
        await (await _fx.As(Staff.Alice).GetAsync("/api/inbox/tasks?view=all")).ShouldHave(HttpStatusCode.Forbidden);
        Assert.Equal(5, (await OkJson(_fx.As(Staff.Adam).GetAsync("/api/inbox/tasks?view=all&pageSize=50"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bad_list_parameters_are_field_errors()
    {
        var response = await (await _fx.As(Staff.Alice).GetAsync("/api/inbox/tasks?view=someone&sort=colour&priority=extreme&pageSize=500")).ShouldHave(HttpStatusCode.BadRequest);

        var errors = await response.ReadFieldErrors();
        Assert.Equal(["view", "sort", "priority", "pageSize"], errors.Keys.OrderBy(k => k switch { "view" => 0, "sort" => 1, "priority" => 2, _ => 3 }));
    }

    [Fact]
    public async Task A_completion_whose_workflow_cannot_continue_changes_nothing()
    {
        var definitionId = await PublishAsync("Doomed", ("a", InboxJson.HumanTask("Cannot finish", assignee: Staff.Alice.UserId.ToString())));
        var instanceId = await _fx.StartAsync(definitionId);
        var task = await _fx.SingleOpenTaskAsync(instanceId);
        // The version the instance runs disappears under it (a corrupted store): the resume must fail.
        await using (var scope = _fx.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().WorkflowDefinitions.Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync();
        }

        var response = await (await Post(_fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.Conflict);

        Assert.Contains("its workflow cannot continue", (await response.ReadJson()).Str("detail"), StringComparison.Ordinal);
        var stored = await _fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(HumanTaskStatus.Open, stored.Status);
        Assert.Equal(task.Version, stored.Version);
        Assert.Equal([TaskAction.Created], (await _fx.HistoryAsync(task.Id)).Select(h => h.Action));
        await using var check = _fx.App.Services.CreateAsyncScope();
        Assert.True(await check.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Bookmarks.AnyAsync(b => b.Id == task.BookmarkId));
    }

    private async Task<List<string>> TitlesAsync(string url) =>
        (await OkJson(_fx.As(Staff.Alice).GetAsync(url))).GetProperty("items").EnumerateArray().Select(i => i.Str("title")).ToList();

    /// <summary>A workflow that forks into the given tasks, so one instance holds them all.</summary>
    private async Task<string> PublishAsync(string name, params (string Id, (string, System.Text.Json.Nodes.JsonNode?)[] Task)[] tasks)
    {
        var workflow = new WorkflowJson().Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", ("branches", WorkflowJson.Object(JsonSerializer.Serialize(tasks.Select(t => t.Id)), "String[]")))
            .Connect("start", "fork");
        foreach (var (id, task) in tasks)
        {
            workflow.Activity(id, "Crm.HumanTask", task).Connect("fork", id, id);
        }

        return await _fx.PublishAsync(workflow, name);
    }

    public void Dispose() => _fx.Dispose();
}
