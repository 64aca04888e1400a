using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Inbox.InboxApp;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>Request approval: one approver, chains, N of M, thresholds; Approved / Rejected / Returned.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ApprovalTests(InboxApp fx) : IClassFixture<InboxApp>
{
    [Fact]
    public async Task A_chain_goes_to_each_approver_in_turn_and_approves_after_the_last()
    {
        var instanceId = await StartAsync(InboxJson.Approval("Big deal", [Staff.Mia.UserId.ToString(), $"manager-of:{Staff.Mia.UserId}"]));

        var first = await fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(Staff.Mia.UserId, first.AssigneeId);
        Assert.Equal(HumanTaskKind.Approval, first.Kind);
        Assert.Equal(1, first.ApprovalStep);
        Assert.Equal(["Approved", "Rejected", "Returned"], first.OutcomeList);

        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{first.Id}/complete", new { outcome = "Approved", comment = "Fine by me" }));
        Assert.Equal("Suspended", (await fx.InstanceAsync(instanceId)).Str("subStatus"));
        var second = await fx.SingleOpenTaskAsync(instanceId);
        Assert.Equal(Staff.Eve.UserId, second.AssigneeId); // Mia's manager
        Assert.Equal(2, second.ApprovalStep);

        var done = await OkJson(Post(fx.As(Staff.Eve), $"/api/inbox/tasks/{second.Id}/complete", new { outcome = "Approved" }));
        Assert.Equal("Finished", done.Str("workflowSubStatus"));
        Assert.Contains("approved:Completed", await fx.JournalAsync(instanceId));
        var outputs = (await fx.InstanceAsync(instanceId)).GetProperty("workflowState").GetProperty("activityOutputs").GetProperty("approval");
        Assert.Equal("Approved", outputs.Str("decision"));
        Assert.Equal(2, outputs.GetProperty("votes").GetArrayLength());
        Assert.Equal(Staff.Eve.UserId.ToString(), outputs.Str("decidedBy"));
    }

    [Fact]
    public async Task A_rejection_needs_a_comment_and_ends_the_chain()
    {
        var instanceId = await StartAsync(InboxJson.Approval("Risky deal", [Staff.Mia.UserId.ToString(), Staff.Eve.UserId.ToString()]));
        var first = await fx.SingleOpenTaskAsync(instanceId);

        var bare = await (await Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{first.Id}/complete", new { outcome = "Rejected" })).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("a comment is required", (await bare.ReadFieldErrors())["comment"][0], StringComparison.Ordinal);

        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{first.Id}/complete", new { outcome = "Rejected", comment = "Margin too low" }));

        Assert.Contains("rejected:Completed", await fx.JournalAsync(instanceId));
        Assert.DoesNotContain(await fx.TasksAsync(instanceId), t => t.Status == HumanTaskStatus.Open);
        Assert.Single(await fx.TasksAsync(instanceId));
    }

    [Fact]
    public async Task Two_of_three_in_parallel_approve_and_the_third_task_is_withdrawn()
    {
        var instanceId = await StartAsync(InboxJson.Approval("Committee", [Staff.Mia.UserId.ToString(), Staff.Eve.UserId.ToString(), Staff.Carl.UserId.ToString()],
            mode: "Parallel", required: 2));
        var tasks = await fx.TasksAsync(instanceId);
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(HumanTaskStatus.Open, t.Status));

        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{tasks[0].Id}/complete", new { outcome = "Approved" }));
        Assert.Equal("Suspended", (await fx.InstanceAsync(instanceId)).Str("subStatus"));
        await OkJson(Post(fx.As(Staff.Carl), $"/api/inbox/tasks/{tasks[2].Id}/complete", new { outcome = "Approved" }));

        Assert.Contains("approved:Completed", await fx.JournalAsync(instanceId));
        var eves = Assert.Single(await fx.TasksAsync(instanceId), t => t.AssigneeId == Staff.Eve.UserId);
        Assert.Equal(HumanTaskStatus.Cancelled, eves.Status);
        Assert.Equal("The workflow no longer waits for this task.", eves.CancelReason);
    }

    [Fact]
    public async Task In_parallel_a_request_is_rejected_as_soon_as_enough_approvals_are_out_of_reach()
    {
        var instanceId = await StartAsync(InboxJson.Approval("Unanimous", [Staff.Mia.UserId.ToString(), Staff.Eve.UserId.ToString()], mode: "Parallel"));
        var tasks = await fx.TasksAsync(instanceId);

        await OkJson(Post(fx.As(Staff.Eve), $"/api/inbox/tasks/{tasks[1].Id}/complete", new { outcome = "Rejected", comment = "No" }));

        Assert.Contains("rejected:Completed", await fx.JournalAsync(instanceId));
    }

    [Fact]
    public async Task Returned_sends_the_request_back_at_once()
    {
        var instanceId = await StartAsync(InboxJson.Approval("Needs work", [Staff.Mia.UserId.ToString(), Staff.Eve.UserId.ToString()]));
        var first = await fx.SingleOpenTaskAsync(instanceId);

        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{first.Id}/complete", new { outcome = "Returned", comment = "Add the contract" }));

        Assert.Contains("returned:Completed", await fx.JournalAsync(instanceId));
        var outputs = (await fx.InstanceAsync(instanceId)).GetProperty("workflowState").GetProperty("activityOutputs").GetProperty("approval");
        Assert.Equal("Add the contract", outputs.Str("comment"));
    }

    [Fact]
    public async Task Below_every_threshold_nothing_needs_approving_and_above_them_the_levels_add_up()
    {
        const string thresholds = """[{"above":10,"approver":"role:BranchManager"},{"above":20,"approver":"role:Executive"}]""";
        var small = await StartAsync(InboxJson.Approval("Discount", [], amount: "getInput('amount')", thresholds: thresholds), new JsonObject { ["amount"] = 5 });
        Assert.Empty(await fx.TasksAsync(small));
        Assert.Contains("approved:Completed", await fx.JournalAsync(small));

        var large = await StartAsync(InboxJson.Approval("Discount", [], amount: "getInput('amount')", thresholds: thresholds), new JsonObject { ["amount"] = 25 });
        var level1 = await fx.SingleOpenTaskAsync(large);
        Assert.Equal("BranchManager", level1.CandidateGroup);
        Assert.Equal(25m, level1.Amount);
        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{level1.Id}/claim"));
        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{level1.Id}/complete", new { outcome = "Approved" }));
        var level2 = await fx.SingleOpenTaskAsync(large);
        Assert.Equal("Executive", level2.CandidateGroup);
        await OkJson(Post(fx.As(Staff.Eve), $"/api/inbox/tasks/{level2.Id}/claim"));
        await OkJson(Post(fx.As(Staff.Eve), $"/api/inbox/tasks/{level2.Id}/complete", new { outcome = "Approved" }));
        Assert.Contains("approved:Completed", await fx.JournalAsync(large));

        var middle = await StartAsync(InboxJson.Approval("Discount", [], amount: "getInput('amount')", thresholds: thresholds), new JsonObject { ["amount"] = 15 });
        var only = await fx.SingleOpenTaskAsync(middle);
        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{only.Id}/claim"));
        await OkJson(Post(fx.As(Staff.Mia), $"/api/inbox/tasks/{only.Id}/complete", new { outcome = "Approved" }));
        Assert.Contains("approved:Completed", await fx.JournalAsync(middle));
    }

    [Fact]
    public async Task More_required_approvals_than_approvers_faults_with_a_message()
    {
        var instanceId = await StartAsync(InboxJson.Approval("Impossible", [Staff.Mia.UserId.ToString()], mode: "Parallel", required: 3));

        var instance = await fx.InstanceAsync(instanceId);
        Assert.Equal("Faulted", instance.Str("subStatus"));
        Assert.Contains("Required approvals is 3, but there are 1 approvers", instance.GetProperty("workflowState").GetProperty("incidents")[0].Str("message"), StringComparison.Ordinal);
    }

    private async Task<string> StartAsync((string, JsonNode?)[] approval, JsonObject? input = null)
    {
        var definitionId = await fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("approval", "Crm.RequestApproval", approval)
            .Activity("approved", "Elsa.WriteLine", ("text", Literal("approved")))
            .Activity("rejected", "Elsa.WriteLine", ("text", Literal("rejected")))
            .Activity("returned", "Elsa.WriteLine", ("text", Literal("returned")))
            .Connect("start", "approval")
            .Connect("approval", "approved", "Approved")
            .Connect("approval", "rejected", "Rejected")
            .Connect("approval", "returned", "Returned"));
        return await fx.StartAsync(definitionId, input);
    }
}
