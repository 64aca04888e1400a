using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Inbox.InboxApp;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>
/// A manager's tools (issue 14.5): the team's task list with reassign from it, the team's workload, and the preview of
/// a leaver transfer; each as the manager (only their people), as a salesperson (403) and as an administrator (all).
/// Mia manages North (Alice, Bob); Dora and Carl work in South under Eve.
/// </summary>
public sealed class ManagerToolsTests : IDisposable
{
    private readonly InboxApp _fx = new(enabledModules: ["Accounts", "Funnel"], importTemplates: false);

    [Fact]
    public async Task A_manager_lists_only_their_teams_tasks_and_reassigns_from_it_a_salesperson_is_refused()
    {
        var bobs = await StartAsync(InboxJson.HumanTask("Bob's call", assignee: Staff.Bob.UserId.ToString()));
        var alices = await StartAsync(InboxJson.HumanTask("Alice's visit", assignee: Staff.Alice.UserId.ToString()));
        var doras = await StartAsync(InboxJson.HumanTask("Dora's offer", assignee: Staff.Dora.UserId.ToString()));

        var team = await TitlesAsync(_fx.As(Staff.Mia));

        Assert.Contains("Bob's call", team);
        Assert.Contains("Alice's visit", team);
        Assert.DoesNotContain("Dora's offer", team);
        await (await _fx.As(Staff.Alice).GetAsync("/api/inbox/tasks?view=team")).ShouldHave(HttpStatusCode.Forbidden);
        Assert.Contains("Dora's offer", await TitlesAsync(_fx.As(Staff.Adam)));

        // Reassign from the list: Bob's call goes to Alice, and the list says so at once.
        var bobsTask = await _fx.SingleOpenTaskAsync(bobs);
        await OkJson(Post(_fx.As(Staff.Mia), $"/api/inbox/tasks/{bobsTask.Id}/reassign", new { assigneeId = Staff.Alice.UserId, comment = "Bob is out" }));
        var row = (await ItemsAsync(_fx.As(Staff.Mia))).Single(t => t.GetProperty("title").GetString() == "Bob's call");
        Assert.Equal("Alice Sales", row.GetProperty("assignee").GetProperty("name").GetString());

        // Outside her team she may not reassign, and a salesperson may not reassign a colleague's task: to them the task
        // does not exist (404, as the inbox answers for every task one may not see).
        var dorasTask = await _fx.SingleOpenTaskAsync(doras);
        await (await Post(_fx.As(Staff.Mia), $"/api/inbox/tasks/{dorasTask.Id}/reassign", new { assigneeId = Staff.Alice.UserId })).ShouldHave(HttpStatusCode.NotFound);
        var alicesTask = await _fx.SingleOpenTaskAsync(alices);
        await (await Post(_fx.As(Staff.Bob), $"/api/inbox/tasks/{alicesTask.Id}/reassign", new { assigneeId = Staff.Bob.UserId })).ShouldHave(HttpStatusCode.NotFound);
        Assert.Equal(Staff.Dora.UserId, (await _fx.SingleOpenTaskAsync(doras)).AssigneeId);
        Assert.Equal(Staff.Alice.UserId, (await _fx.SingleOpenTaskAsync(alices)).AssigneeId);
    }

    [Fact]
    public async Task The_workload_counts_each_team_members_open_and_overdue_tasks_and_open_records()
    {
        await StartAsync(InboxJson.HumanTask("Bob's call", assignee: Staff.Bob.UserId.ToString(), dueIn: "01:00:00"));
        await StartAsync(InboxJson.HumanTask("Bob's report", assignee: Staff.Bob.UserId.ToString(), dueIn: "1.00:00:00"));
        await StartAsync(InboxJson.HumanTask("Dora's offer", assignee: Staff.Dora.UserId.ToString()));
        var account = await CreatedIdAsync("/api/accounts", new { name = "Bob Customer", kind = "Company", type = "Customer", ownerId = Staff.Bob.UserId, branchId = Staff.North });
        await CreatedIdAsync("/api/funnel/leads", new { name = "Wang Wei", company = "Huadong Tools", email = "wang.wei@huadong.example", ownerId = Staff.Bob.UserId });
        await CreatedIdAsync("/api/funnel/opportunities", new { name = "Bob's rollout", accountId = account, amount = 25000, expectedCloseDate = "2027-03-31", ownerId = Staff.Bob.UserId });
        await CreatedIdAsync("/api/accounts", new { name = "Dora Customer", kind = "Company", type = "Customer", ownerId = Staff.Dora.UserId, branchId = Staff.South });
        _fx.Clock.Advance(TimeSpan.FromHours(2));

        var workload = (await OkJson(_fx.As(Staff.Mia).GetAsync("/api/inbox/team/workload"))).EnumerateArray().ToList();

        var bob = workload.Single(w => w.GetProperty("personId").GetGuid() == Staff.Bob.UserId);
        Assert.Equal("Bob Sales", bob.GetProperty("name").GetString());
        Assert.Equal(2, bob.GetProperty("openTasks").GetInt32());
        Assert.Equal(1, bob.GetProperty("overdueTasks").GetInt32());
        Assert.Equal(["Accounts/accounts: 1", "Funnel/leads: 1", "Funnel/opportunities: 1"], Records(bob));
        var alice = workload.Single(w => w.GetProperty("personId").GetGuid() == Staff.Alice.UserId);
        Assert.Equal(0, alice.GetProperty("openTasks").GetInt32());
        Assert.Equal(["Accounts/accounts: 0", "Funnel/leads: 0", "Funnel/opportunities: 0"], Records(alice));
        Assert.DoesNotContain(workload, w => w.GetProperty("personId").GetGuid() == Staff.Dora.UserId);

        await (await _fx.As(Staff.Alice).GetAsync("/api/inbox/team/workload")).ShouldHave(HttpStatusCode.Forbidden);
        var everyone = (await OkJson(_fx.As(Staff.Adam).GetAsync("/api/inbox/team/workload"))).EnumerateArray().ToList();
        var dora = everyone.Single(w => w.GetProperty("personId").GetGuid() == Staff.Dora.UserId);
        Assert.Equal(1, dora.GetProperty("openTasks").GetInt32());
        Assert.Contains("Accounts/accounts: 1", Records(dora));
    }

    [Fact]
    public async Task The_transfer_preview_counts_what_would_move_changes_nothing_and_matches_the_transfer()
    {
        var bobs = await StartAsync(InboxJson.HumanTask("Bob's call", assignee: Staff.Bob.UserId.ToString()));
        var account = await CreatedIdAsync("/api/accounts", new { name = "Bob Customer", kind = "Company", type = "Customer", ownerId = Staff.Bob.UserId, branchId = Staff.North });
        await CreatedIdAsync("/api/funnel/leads", new { name = "Wang Wei", company = "Huadong Tools", email = "wang.wei@huadong.example", ownerId = Staff.Bob.UserId });

        var preview = await OkJson(_fx.As(Staff.Mia).GetAsync($"/api/inbox/transfers/preview?fromUserId={Staff.Bob.UserId}"));

        Assert.Equal("Bob Sales", preview.GetProperty("fromName").GetString());
        Assert.Equal(1, preview.GetProperty("tasks").GetInt32());
        Assert.Equal(["Accounts/accounts: 1", "Funnel/leads: 1", "Funnel/opportunities: 0"], Records(preview));
        Assert.Equal(Staff.Bob.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{account}"))).GetProperty("ownerId").GetString());
        Assert.Equal(Staff.Bob.UserId, (await _fx.SingleOpenTaskAsync(bobs)).AssigneeId);

        var result = await OkJson(Post(_fx.As(Staff.Mia), "/api/inbox/transfers", new { fromUserId = Staff.Bob.UserId, toUserId = Staff.Alice.UserId }));
        Assert.Equal(preview.GetProperty("tasks").GetInt32(), result.GetProperty("tasksTransferred").GetInt32());
        Assert.Equal(Records(preview), Records(result));

        await (await _fx.As(Staff.Alice).GetAsync($"/api/inbox/transfers/preview?fromUserId={Staff.Bob.UserId}")).ShouldHave(HttpStatusCode.Forbidden);
        await (await _fx.As(Staff.Mia).GetAsync($"/api/inbox/transfers/preview?fromUserId={Staff.Dora.UserId}")).ShouldHave(HttpStatusCode.Forbidden);
        await (await _fx.As(Staff.Mia).GetAsync("/api/inbox/transfers/preview")).ShouldHave(HttpStatusCode.BadRequest);
    }

    private static List<string> Records(JsonElement result) =>
        result.GetProperty("records").EnumerateArray().Select(r => $"{r.GetProperty("module").GetString()}/{r.GetProperty("kind").GetString()}: {r.GetProperty("count").GetInt32()}").ToList();

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client) =>
        (await OkJson(client.GetAsync("/api/inbox/tasks?view=team&pageSize=100"))).GetProperty("items").EnumerateArray().ToList();

    private static async Task<List<string>> TitlesAsync(HttpClient client) =>
        (await ItemsAsync(client)).Select(t => t.GetProperty("title").GetString()!).ToList();

    private async Task<string> CreatedIdAsync(string url, object body) =>
        (await (await (await _fx.Admin.PostAsJsonAsync(url, body, HttpAssertions.Json)).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetString()!;

    private async Task<string> StartAsync((string, JsonNode?)[] task)
    {
        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", task)
            .Chain("start", "task"));
        return await _fx.StartAsync(definitionId);
    }

    public void Dispose() => _fx.Dispose();
}
