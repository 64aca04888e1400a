using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Inbox.InboxApp;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>Group queues (claim, unclaim, races), delegation with accountability, reassignment by managers.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class QueueAndDelegationTests(InboxApp fx) : IClassFixture<InboxApp>
{
    [Fact]
    public async Task A_queue_task_is_offered_to_the_roles_members_and_claimed_by_one_of_them()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Qualify lead", role: "Sales", branch: Staff.North.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal($"Sales@branch:{Staff.North}", task.CandidateGroup);
        Assert.Null(task.AssigneeId);

        Assert.Single(await ItemsAsync(Staff.Alice, "group", definitionId));
        Assert.Single(await ItemsAsync(Staff.Bob, "group", definitionId));
        Assert.Empty(await ItemsAsync(Staff.Dora, "group", definitionId)); // Sales, but in the South branch
        Assert.Empty(await ItemsAsync(Staff.Carl, "group", definitionId));

        var unclaimed = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete")).ShouldHave(HttpStatusCode.Forbidden);
        Assert.Contains("claim it before completing it", (await unclaimed.ReadJson()).Str("detail"), StringComparison.Ordinal);
        await (await Post(fx.As(Staff.Dora), $"/api/inbox/tasks/{task.Id}/claim")).ShouldHave(HttpStatusCode.NotFound); // not her queue: not there for her

        var claimed = await OkJson(Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/claim"));
        Assert.Equal("Alice Sales", claimed.GetProperty("assignee").Str("name"));
        Assert.Single(await ItemsAsync(Staff.Alice, "mine", definitionId));
        Assert.Empty(await ItemsAsync(Staff.Bob, "group", definitionId));
        var late = await (await Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/claim")).ShouldHave(HttpStatusCode.Conflict);
        Assert.Contains("already been claimed by Alice Sales", (await late.ReadJson()).Str("detail"), StringComparison.Ordinal);

        await OkJson(Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/unclaim"));
        Assert.Single(await ItemsAsync(Staff.Bob, "group", definitionId));
        await OkJson(Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/claim"));
        await OkJson(Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/complete"));

        var history = await fx.HistoryAsync(task.Id);
        Assert.Equal(
            [TaskAction.Created, TaskAction.Claimed, TaskAction.Unclaimed, TaskAction.Claimed, TaskAction.Completed],
            history.Select(h => h.Action));
        Assert.Equal([null, Staff.Alice.UserId, Staff.Alice.UserId, Staff.Bob.UserId, Staff.Bob.UserId], history.Select(h => h.ActorId));
    }

    [Fact]
    public async Task Of_two_people_claiming_the_same_task_at_once_exactly_one_wins()
    {
        for (var round = 0; round < 5; round++)
        {
            var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Race", role: "Sales"));
            var task = await fx.SingleOpenTaskAsync(instanceId);

            var responses = await Task.WhenAll(
                Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/claim"),
                Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/claim"));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? Staff.Alice : Staff.Bob;
            var stored = await fx.SingleOpenTaskAsync(instanceId);
            Assert.Equal(winner.UserId, stored.AssigneeId);
            Assert.Single(await fx.HistoryAsync(task.Id), h => h.Action == TaskAction.Claimed);
        }
    }

    [Fact]
    public async Task Of_two_completions_racing_exactly_one_resumes_the_workflow()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Race to finish", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        var responses = await Task.WhenAll(
            Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete"),
            Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Single(await fx.JournalAsync(instanceId), e => e == "after:Completed");
    }

    [Fact]
    public async Task A_delegate_works_the_task_and_resolves_it_back_to_the_owner_who_completes_it()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Prepare the offer", assignee: Staff.Alice.UserId.ToString(),
            formFields: """[{"name":"price","type":"number","required":true},{"name":"note","type":"text","required":true}]"""));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        var delegated = await OkJson(Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/delegate", new { delegateId = Staff.Bob.UserId, comment = "Please price it" }));
        Assert.Equal("Pending", delegated.Str("delegation"));
        Assert.Equal("Bob Sales", delegated.GetProperty("assignee").Str("name"));
        Assert.Equal("Alice Sales", delegated.GetProperty("owner").Str("name"));
        Assert.Single(await ItemsAsync(Staff.Bob, "mine", definitionId));
        Assert.Single(await ItemsAsync(Staff.Alice, "delegated", definitionId));
        Assert.Empty(await ItemsAsync(Staff.Alice, "mine", definitionId));

        // The delegate cannot complete: the owner stays accountable.
        var refused = await (await Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/complete", new { formData = new { price = 100, note = "x" } }))
            .ShouldHave(HttpStatusCode.Forbidden);
        Assert.Contains("resolve it to return it to them", (await refused.ReadJson()).Str("detail"), StringComparison.Ordinal);
        var bobsView = await OkJson(fx.As(Staff.Bob).GetAsync($"/api/inbox/tasks/{task.Id}"));
        Assert.Equal(["resolve"], bobsView.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        // A draft may leave required fields empty, but what is filled must be valid.
        await (await Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/resolve", new { formData = new { price = "cheap" } })).ShouldHave(HttpStatusCode.BadRequest);
        var resolved = await OkJson(Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/resolve", new { comment = "Priced", formData = new { price = 950 } }));
        Assert.Equal("Resolved", resolved.Str("delegation"));
        Assert.Equal("Alice Sales", resolved.GetProperty("assignee").Str("name"));
        Assert.Equal(950, resolved.GetProperty("formData").GetProperty("price").GetInt32());
        Assert.Empty(await ItemsAsync(Staff.Alice, "delegated", definitionId));

        await OkJson(Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/complete", new { formData = new { price = 950, note = "Sent" } }));
        Assert.Equal("Finished", (await fx.InstanceAsync(instanceId)).Str("subStatus"));

        var history = await fx.HistoryAsync(task.Id);
        Assert.Equal([TaskAction.Created, TaskAction.Delegated, TaskAction.Resolved, TaskAction.Completed], history.Select(h => h.Action));
        var resolve = history[2];
        Assert.Equal(Staff.Bob.UserId, resolve.ActorId);
        Assert.Equal(Staff.Alice.UserId, resolve.OnBehalfOfId);
        Assert.Equal("Priced", resolve.Comment);
        Assert.Contains(Staff.Bob.UserId.ToString(), resolve.Before, StringComparison.Ordinal);
        Assert.Contains(Staff.Alice.UserId.ToString(), resolve.After, StringComparison.Ordinal);
        Assert.Equal(Staff.Alice.UserId, history[1].ActorId);
        Assert.Equal("Please price it", history[1].Comment);
    }

    [Fact]
    public async Task Delegating_to_an_inactive_or_unknown_person_is_refused()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Keep", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        var inactive = await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/delegate", new { delegateId = Staff.Gone.UserId }))
            .ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no longer active", (await inactive.ReadJson()).Str("detail"), StringComparison.Ordinal);
        await (await Post(fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/delegate", new { delegateId = Guid.NewGuid() })).ShouldHave(HttpStatusCode.UnprocessableEntity);
        await (await Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/delegate", new { delegateId = Staff.Bob.UserId })).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_manager_reassigns_a_task_and_a_colleague_cannot()
    {
        var (definitionId, instanceId) = await StartAsync(InboxJson.HumanTask("Reassign me", assignee: Staff.Alice.UserId.ToString()));
        var task = await fx.SingleOpenTaskAsync(instanceId);

        // A colleague may not see Alice's task, so for them it does not exist.
        var refused = await (await Post(fx.As(Staff.Bob), $"/api/inbox/tasks/{task.Id}/reassign", new { assigneeId = Staff.Bob.UserId }))
            .ShouldHave(HttpStatusCode.NotFound);
        Assert.DoesNotContain("Alice", (await refused.ReadJson()).Str("detail"), StringComparison.Ordinal);
        await (await Post(fx.As(Staff.Carl), $"/api/inbox/tasks/{task.Id}/reassign", new { assigneeId = Staff.Carl.UserId })).ShouldHave(HttpStatusCode.NotFound);

        var moved = await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{task.Id}/reassign", new { assigneeId = Staff.Bob.UserId, comment = "Alice is busy" }));
        Assert.Equal("Bob Sales", moved.GetProperty("assignee").Str("name"));
        Assert.Single(await ItemsAsync(Staff.Bob, "mine", definitionId));
        var entry = (await fx.HistoryAsync(task.Id))[^1];
        Assert.Equal(TaskAction.Reassigned, entry.Action);
        Assert.Equal(Staff.Mia.UserId, entry.ActorId);
        Assert.Equal("Alice is busy", entry.Comment);

        // An executive may reassign anyone's task.
        await OkJson(Post(fx.As(Staff.Eve), $"/api/inbox/tasks/{task.Id}/reassign", new { assigneeId = Staff.Dora.UserId }));
    }

    private async Task<List<System.Text.Json.JsonElement>> ItemsAsync(Crm.BuildingBlocks.Identity.StaffMember who, string view, string definitionId) =>
        (await OkJson(fx.As(who).GetAsync($"/api/inbox/tasks?view={view}&process={definitionId}"))).GetProperty("items").EnumerateArray().ToList();

    private async Task<(string DefinitionId, string InstanceId)> StartAsync((string, JsonNode?)[] task)
    {
        var definitionId = await fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", task)
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Chain("start", "task", "after"));
        return (definitionId, await fx.StartAsync(definitionId));
    }
}
