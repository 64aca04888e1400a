using System.Net;
using System.Text.Json;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Inbox.InboxApp;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>A task from creation to completion, and who may do what to it.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class TaskLifecycleTests(InboxApp fx) : IClassFixture<InboxApp>
{
    private const string Form = """
        [{"name":"discount","label":"Discount %","type":"number","required":true,"min":0,"max":50},
         {"name":"reason","type":"text"},
         {"name":"channel","type":"choice","options":["phone","visit"]}]
        """;

    [Fact]
    public async Task A_task_for_a_person_waits_in_their_inbox_and_completing_it_continues_the_workflow_on_the_chosen_outcome()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Call the customer", assignee: Staff.Alice.UserId.ToString(),
            outcomes: ["Won", "Lost"], formFields: Form));

        Assert.Equal("Suspended", (await fx.InstanceAsync(instanceId)).Str("subStatus"));
        var mine = await OkJson(fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?process={definitionId}"));
        var item = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal("Call the customer", item.Str("title"));
        Assert.Equal("Alice Sales", item.GetProperty("assignee").Str("name"));
        var taskId = item.Str("id");

        var task = await OkJson(fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks/{taskId}"));
        Assert.Equal(["Won", "Lost"], task.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(3, task.GetProperty("formFields").GetArrayLength());
        Assert.Contains("complete", task.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        var done = await OkJson(Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{taskId}/complete",
            new { outcome = "Won", comment = "Signed today", formData = new { discount = "12.5", channel = "visit" } }));
        Assert.Equal("Finished", done.Str("workflowSubStatus"));
        Assert.Equal("Completed", done.GetProperty("task").Str("status"));
        Assert.Equal(12.5m, done.GetProperty("task").GetProperty("formData").GetProperty("discount").GetDecimal());

        var journal = await fx.JournalAsync(instanceId);
        Assert.Contains("won:Completed", journal);
        Assert.DoesNotContain("lost:Started", journal);
        var outputs = (await fx.InstanceAsync(instanceId)).GetProperty("workflowState").GetProperty("activityOutputs").GetProperty("task");
        Assert.Equal("Won", outputs.Str("outcome"));
        Assert.Equal("Signed today", outputs.Str("comment"));
        Assert.Equal(Staff.Alice.UserId.ToString(), outputs.Str("completedBy"));

        var history = await fx.HistoryAsync(Guid.Parse(taskId));
        Assert.Equal([TaskAction.Created, TaskAction.Completed], history.Select(h => h.Action));
        Assert.Equal(Staff.Alice.UserId, history[1].ActorId);
        Assert.Contains("\"Completed\"", history[1].After, StringComparison.Ordinal);
        Assert.Contains("\"Open\"", history[1].Before, StringComparison.Ordinal);
        Assert.Empty((await OkJson(fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?process={definitionId}"))).GetProperty("items").EnumerateArray());
        Assert.Single((await OkJson(fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?view=completed&process={definitionId}"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Completing_a_task_twice_is_refused_with_who_completed_it()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Check", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);
        await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.OK);

        var again = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.Conflict);

        var problem = await again.ReadJson();
        Assert.Contains("already completed by Alice Sales", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("Finished", (await fx.InstanceAsync(instanceId)).Str("subStatus"));
    }

    [Fact]
    public async Task Completing_someone_elses_task_answers_as_if_it_did_not_exist_and_changes_nothing()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Check the Zhang contract", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        var response = await (await Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.NotFound);

        Assert.Equal($"Task {task.Id} does not exist.", (await response.ReadJson()).Str("detail"));
        Assert.Equal(HumanTaskStatus.Open, (await fx.SingleOpenTaskAsync(instanceId)).Status);
        Assert.Equal("Suspended", (await fx.InstanceAsync(instanceId)).Str("subStatus"));
    }

    [Theory]
    [InlineData("claim")]
    [InlineData("unclaim")]
    [InlineData("complete")]
    [InlineData("delegate")]
    [InlineData("resolve")]
    [InlineData("reassign")]
    public async Task Every_action_on_a_task_you_may_not_see_answers_exactly_as_on_a_missing_task(string action)
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Secret merger call", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);
        var missing = Guid.NewGuid();
        object body = new { delegateId = Staff.Carl.UserId, assigneeId = Staff.Carl.UserId, outcome = "Done" };

        // Carl (Service, South) has nothing to do with Alice's task: no 403/409 and nothing that names it or her.
        var hidden = await (await Post(fx.As(Staff.Carl), $"/api/inbox/tasks/{task.Id}/{action}", body)).ShouldHave(HttpStatusCode.NotFound);
        var absent = await (await Post(fx.As(Staff.Carl), $"/api/inbox/tasks/{missing}/{action}", body)).ShouldHave(HttpStatusCode.NotFound);

        var text = await hidden.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Secret merger call", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", text, StringComparison.Ordinal);
        var (hiddenProblem, absentProblem) = (await hidden.ReadJson(), await absent.ReadJson());
        Assert.Equal(absentProblem.Str("title"), hiddenProblem.Str("title"));
        Assert.Equal(absentProblem.Str("detail").Replace(missing.ToString(), "ID", StringComparison.Ordinal), hiddenProblem.Str("detail").Replace(task.Id.ToString(), "ID", StringComparison.Ordinal));
        Assert.Equal(Staff.Alice.UserId, (await fx.SingleOpenTaskAsync(instanceId)).AssigneeId);
    }

    [Fact]
    public async Task A_task_is_invisible_to_people_it_has_nothing_to_do_with()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Private", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        await (await fx.As(Staff.Carl).GetAsync($"/api/inbox/tasks/{task.Id}")).ShouldHave(HttpStatusCode.NotFound);
        Assert.Empty((await OkJson(fx.As(Staff.Carl).GetAsync($"/api/inbox/tasks?view=group&process={definitionId}"))).GetProperty("items").EnumerateArray());
        // Her manager sees it, and may reassign it.
        var seen = await OkJson(fx.As(Staff.Mia).GetAsync($"/api/inbox/tasks/{task.Id}"));
        Assert.Equal(["reassign"], seen.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task The_inbox_needs_a_signed_in_user()
    {
        var response = await (await fx.Anonymous.GetAsync("/api/inbox/tasks")).ShouldHave(HttpStatusCode.Unauthorized);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Form_data_is_checked_against_the_tasks_fields()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Fill it", assignee: Staff.Alice.UserId.ToString(), outcomes: ["Ok", "No"], formFields: Form));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        var missing = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete",
            new { outcome = "Ok", formData = new { channel = "fax", colour = "red" } })).ShouldHave(HttpStatusCode.BadRequest);
        var errors = await missing.ReadFieldErrors();
        Assert.Equal(["Discount % is required."], errors["formData.discount"]);
        Assert.Equal(["channel must be one of: phone, visit."], errors["formData.channel"]);
        Assert.Equal(["'colour' is not a field of this task's form."], errors["formData.colour"]);

        var tooHigh = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete",
            new { outcome = "Ok", formData = new { discount = 80 } })).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Equal(["Discount % must be at most 50."], (await tooHigh.ReadFieldErrors())["formData.discount"]);

        var noOutcome = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete",
            new { formData = new { discount = 5 } })).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Equal(["Choose an outcome: Ok, No."], (await noOutcome.ReadFieldErrors())["outcome"]);
        var wrongOutcome = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete",
            new { outcome = "Maybe", formData = new { discount = 5 } })).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("not an outcome of this task", (await wrongOutcome.ReadFieldErrors())["outcome"][0], StringComparison.Ordinal);

        Assert.Equal(HumanTaskStatus.Open, (await fx.SingleOpenTaskAsync(instanceId)).Status);
        await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete", new { outcome = "no", formData = new { discount = 5 } })).ShouldHave(HttpStatusCode.OK);
        Assert.Contains("no:Completed", await fx.JournalAsync(instanceId));
    }

    [Fact]
    public async Task A_user_field_refuses_an_id_that_names_nobody()
    {
        const string userForm = """[{"name":"successor","label":"Successor","type":"user","required":true}]""";
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Pick a successor", assignee: Staff.Alice.UserId.ToString(), formFields: userForm));
        var task = await fx.SingleOpenTaskAsync(instanceId);
        var nobody = Guid.NewGuid();

        var refused = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete", new { formData = new { successor = nobody } }))
            .ShouldHave(HttpStatusCode.BadRequest);

        Assert.Equal([$"Successor: there is no user with the id {nobody}."], (await refused.ReadFieldErrors())["formData.successor"]);
        Assert.Equal(HumanTaskStatus.Open, (await fx.SingleOpenTaskAsync(instanceId)).Status);
        await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete", new { formData = new { successor = Staff.Bob.UserId } }))
            .ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cancelling_the_workflow_cancels_its_open_tasks_in_the_same_transaction()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Soon moot", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        await (await fx.Admin.PostAsync($"/elsa/api/cancel/workflow-instances/{instanceId}", null)).ShouldHave(HttpStatusCode.OK);

        var cancelled = Assert.Single(await fx.TasksAsync(instanceId));
        Assert.Equal(HumanTaskStatus.Cancelled, cancelled.Status);
        Assert.Equal("The workflow was cancelled.", cancelled.CancelReason);
        Assert.Empty((await OkJson(fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?process={definitionId}"))).GetProperty("items").EnumerateArray());
        var refused = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.Conflict);
        Assert.Contains("was cancelled", (await refused.ReadJson()).Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_instance_cancels_its_tasks()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Deleted soon", assignee: Staff.Alice.UserId.ToString()));

        await (await fx.Admin.DeleteAsync($"/elsa/api/workflow-instances/{instanceId}")).ShouldHave(HttpStatusCode.NoContent);

        Assert.Equal(HumanTaskStatus.Cancelled, Assert.Single(await fx.TasksAsync(instanceId)).Status);
    }

    [Fact]
    public async Task A_task_with_nobody_to_go_to_faults_the_workflow_with_a_clear_incident()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Orphan"));

        var instance = await fx.InstanceAsync(instanceId);
        Assert.Equal("Faulted", instance.Str("subStatus"));
        Assert.Contains("nobody to go to", instance.GetProperty("workflowState").GetProperty("incidents")[0].Str("message"), StringComparison.Ordinal);
        Assert.Empty(await fx.TasksAsync(instanceId));
    }

    [Fact]
    public async Task An_unknown_manager_of_faults_instead_of_creating_a_task_for_nobody()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Escalate", assignee: $"manager-of:{Staff.Eve.UserId}"));

        var instance = await fx.InstanceAsync(instanceId);
        Assert.Equal("Faulted", instance.Str("subStatus"));
        Assert.Contains("Eve Executive has no manager", instance.GetProperty("workflowState").GetProperty("incidents")[0].Str("message"), StringComparison.Ordinal);
    }

    private async Task<(string DefinitionId, string InstanceId)> StartAsync((string, System.Text.Json.Nodes.JsonNode?)[] task)
    {
        var definitionId = await fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", task)
            .Activity("won", "Elsa.WriteLine", ("text", Literal("won")))
            .Activity("lost", "Elsa.WriteLine", ("text", Literal("lost")))
            .Activity("no", "Elsa.WriteLine", ("text", Literal("no")))
            .Connect("start", "task")
            .Connect("task", "won", "Won")
            .Connect("task", "lost", "Lost")
            .Connect("task", "no", "No"));
        return (definitionId, await fx.StartAsync(definitionId));
    }
}
