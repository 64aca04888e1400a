using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Inbox.InboxApp;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>A leaver's work to a successor (with the Accounts module on), and the notifications the inbox sends.</summary>
public sealed class TransferAndNotificationTests : IDisposable
{
    private readonly InboxApp _fx = new(enabledModules: ["Accounts", "Funnel"], importTemplates: false);

    [Fact]
    public async Task Transferring_a_leaver_moves_their_open_tasks_delegations_rules_and_customers_in_one_action()
    {
        var (_, assigned) = await StartAsync(InboxJson.HumanTask("Bob's call", assignee: Staff.Bob.UserId.ToString()));
        var (offerProcess, delegatedByBob) = await StartAsync(InboxJson.HumanTask("Bob's offer", assignee: Staff.Bob.UserId.ToString()));
        var (_, untouched) = await StartAsync(InboxJson.HumanTask("Alice's own", assignee: Staff.Alice.UserId.ToString()));
        var delegated = await _fx.SingleOpenTaskAsync(delegatedByBob);
        await OkJson(Post(_fx.As(Staff.Bob), $"/api/inbox/tasks/{delegated.Id}/delegate", new { delegateId = Staff.Mia.UserId }));
        var now = _fx.Clock.GetUtcNow().UtcDateTime;
        await (await Post(_fx.As(Staff.Mia), "/api/inbox/out-of-office", new { proxyId = Staff.Bob.UserId, from = now.AddDays(1), to = now.AddDays(2) }))
            .ShouldHave(HttpStatusCode.Created);
        var bobsAccounts = new[] { await CreateAccountAsync("Bob Customer One", Staff.Bob.UserId), await CreateAccountAsync("Bob Customer Two", Staff.Bob.UserId) };
        var alicesAccount = await CreateAccountAsync("Alice Customer", Staff.Alice.UserId);
        var lead = await CreatedIdAsync("/api/funnel/leads",
            new { name = "Wang Wei", company = "Huadong Tools", email = "wang.wei@huadong.example", ownerId = Staff.Bob.UserId, branchId = Staff.North });
        var opportunity = await CreatedIdAsync("/api/funnel/opportunities",
            new { name = "Bob's rollout", accountId = bobsAccounts[0], amount = 25000, expectedCloseDate = "2027-03-31", ownerId = Staff.Bob.UserId, branchId = Staff.North });

        // Not Bob's manager: refused before anything moves.
        await (await Post(_fx.As(Staff.Alice), "/api/inbox/transfers", new { fromUserId = Staff.Bob.UserId, toUserId = Staff.Alice.UserId })).ShouldHave(HttpStatusCode.Forbidden);

        var result = await OkJson(Post(_fx.As(Staff.Mia), "/api/inbox/transfers",
            new { fromUserId = Staff.Bob.UserId, toUserId = Staff.Alice.UserId, reason = "Bob left the company" }));

        Assert.Equal(2, result.GetProperty("tasksTransferred").GetInt32());
        Assert.Equal(1, result.GetProperty("outOfOfficeRulesChanged").GetInt32());
        Assert.Equal(["Accounts/accounts: 2", "Funnel/leads: 1", "Funnel/opportunities: 1"], Records(result));
        Assert.Equal(Staff.Alice.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/funnel/leads/{lead}"))).Str("ownerId"));
        Assert.Equal(Staff.Alice.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/funnel/opportunities/{opportunity}"))).Str("ownerId"));
        var call = await _fx.SingleOpenTaskAsync(assigned);
        Assert.Equal(Staff.Alice.UserId, call.AssigneeId);
        var offer = await _fx.SingleOpenTaskAsync(delegatedByBob);
        Assert.Equal(Staff.Alice.UserId, offer.OwnerId); // Alice now owns the delegation; Mia still works it
        Assert.Equal(Staff.Mia.UserId, offer.AssigneeId);
        Assert.Equal(Staff.Alice.UserId, (await _fx.SingleOpenTaskAsync(untouched)).AssigneeId);
        var entry = (await _fx.HistoryAsync(call.Id))[^1];
        Assert.Equal(TaskAction.Transferred, entry.Action);
        Assert.Equal(Staff.Mia.UserId, entry.ActorId);
        Assert.Equal("Bob left the company", entry.Comment);
        Assert.Single((await OkJson(_fx.As(Staff.Alice).GetAsync($"/api/inbox/tasks?view=delegated&process={offerProcess}"))).GetProperty("items").EnumerateArray());

        foreach (var id in bobsAccounts)
        {
            Assert.Equal(Staff.Alice.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{id}"))).Str("ownerId"));
        }

        Assert.Equal(Staff.Alice.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{alicesAccount}"))).Str("ownerId"));
        var miasRules = await OkJson(_fx.As(Staff.Mia).GetAsync("/api/inbox/out-of-office"));
        Assert.Equal("Alice Sales", Assert.Single(miasRules.EnumerateArray()).GetProperty("proxy").Str("name"));

        // Alice is told once, not once per task.
        await _fx.DrainOutboxAsync();
        var notes = await NotificationsAsync(Staff.Alice);
        var note = Assert.Single(notes, n => n.Str("title") == "You took over the work of Bob Sales");
        Assert.Equal("2 open tasks, 2 customers, 1 lead and 1 opportunity: now yours. Reason: Bob left the company", note.Str("body"));
    }

    [Fact]
    public async Task Without_records_the_transfer_says_so()
    {
        var account = await CreateAccountAsync("Stays with Bob", Staff.Bob.UserId);

        var result = await OkJson(Post(_fx.As(Staff.Mia), "/api/inbox/transfers", new { fromUserId = Staff.Bob.UserId, toUserId = Staff.Alice.UserId, includeRecords = false }));

        Assert.Empty(Records(result));
        Assert.Equal("Records not transferred: not asked for.", result.Str("recordsNote"));
        Assert.Equal(Staff.Bob.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{account}"))).Str("ownerId"));
    }

    [Fact]
    public async Task An_executive_reads_everything_but_cannot_transfer_anyones_work()
    {
        var account = await CreateAccountAsync("Bob's key account", Staff.Bob.UserId);
        var (_, instance) = await StartAsync(InboxJson.HumanTask("Bob's call", assignee: Staff.Bob.UserId.ToString()));

        // Eve is Bob's manager's manager and sees every record, yet reassigning is not an executive's right.
        await (await Post(_fx.As(Staff.Eve), "/api/inbox/transfers", new { fromUserId = Staff.Bob.UserId, toUserId = Staff.Carl.UserId }))
            .ShouldHave(HttpStatusCode.Forbidden);

        Assert.Equal(Staff.Bob.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{account}"))).Str("ownerId"));
        Assert.Equal(Staff.Bob.UserId, (await _fx.SingleOpenTaskAsync(instance)).AssigneeId);
    }

    [Fact]
    public async Task A_branch_manager_transfers_only_the_records_of_its_own_branch_an_administrator_all()
    {
        // A record lands in its owner's unit (issue 14, ADR 0101): Bob's customer typed into South is North's, as Bob is.
        var north = await CreateAccountAsync("Bob's North customer", Staff.Bob.UserId, Staff.North);
        var typedSouth = await CreateAccountAsync("Bob's customer typed into South", Staff.Bob.UserId, Staff.South);
        var deal = await CreatedIdAsync("/api/funnel/opportunities",
            new { name = "Bob's deal", accountId = typedSouth, amount = 9000, expectedCloseDate = "2027-03-31", ownerId = Staff.Bob.UserId, branchId = Staff.South });
        var lead = await CreatedIdAsync("/api/funnel/leads", new { name = "Li Lei", company = "Nanfang Ltd", email = "li.lei@nanfang.example", ownerId = Staff.Bob.UserId, branchId = Staff.South });
        var dorasCustomer = await CreateAccountAsync("Dora's South customer", Staff.Dora.UserId, Staff.South);

        // Mia manages North: all of Bob's work is hers to hand over; Dora (South) is not hers to touch.
        await (await Post(_fx.As(Staff.Mia), "/api/inbox/transfers", new { fromUserId = Staff.Dora.UserId, toUserId = Staff.Mia.UserId })).ShouldHave(HttpStatusCode.Forbidden);
        var result = await OkJson(Post(_fx.As(Staff.Mia), "/api/inbox/transfers", new { fromUserId = Staff.Bob.UserId, toUserId = Staff.Mia.UserId }));

        Assert.Equal(["Accounts/accounts: 2", "Funnel/leads: 1", "Funnel/opportunities: 1"], Records(result));
        Assert.Equal(Staff.Mia.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{north}"))).Str("ownerId"));
        Assert.Equal(Staff.Mia.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/funnel/opportunities/{deal}"))).Str("ownerId"));
        Assert.Equal(Staff.Mia.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/funnel/leads/{lead}"))).Str("ownerId"));
        Assert.Equal(Staff.Dora.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{dorasCustomer}"))).Str("ownerId"));
        await (await _fx.As(Staff.Mia).GetAsync($"/api/accounts/{dorasCustomer}")).ShouldHave(HttpStatusCode.NotFound);

        // An administrator may reassign anyone's work.
        var all = await OkJson(Post(_fx.As(Staff.Adam), "/api/inbox/transfers", new { fromUserId = Staff.Dora.UserId, toUserId = Staff.Carl.UserId }));

        Assert.Equal("Accounts/accounts: 1", Records(all)[0]);
        Assert.Equal(Staff.Carl.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{dorasCustomer}"))).Str("ownerId"));
    }

    private static List<string> Records(System.Text.Json.JsonElement result) =>
        result.GetProperty("records").EnumerateArray().Select(r => $"{r.Str("module")}/{r.Str("kind")}: {r.GetProperty("count").GetInt32()}").ToList();

    [Fact]
    public async Task Assignment_delegation_and_escalation_notify_the_people_in_app_and_by_email()
    {
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("Visit the plant", assignee: Staff.Alice.UserId.ToString(), dueIn: "01:00:00", onOverdue: "EscalateToManager"));
        var (_, queued) = await StartAsync(InboxJson.HumanTask("Anyone in North", role: "Sales", branch: Staff.North.ToString()));
        var task = await _fx.SingleOpenTaskAsync(instanceId);
        await OkJson(Post(_fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/delegate", new { delegateId = Staff.Bob.UserId, comment = "Can you go?" }));
        _fx.Clock.Advance(TimeSpan.FromHours(2));
        await _fx.FireDueTimersAsync(instanceId);

        Assert.True(await _fx.DrainOutboxAsync() >= 4);

        var alice = await NotificationsAsync(Staff.Alice);
        var assigned = Assert.Single(alice, n => n.Str("title") == "New task: Visit the plant");
        Assert.Equal($"/inbox/tasks/{task.Id}", assigned.Str("link"));
        Assert.Equal("Pending", assigned.Str("emailStatus")); // queued for the e-mail job: the directory knows alice@crm.test
        Assert.Single(alice, n => n.Str("title") == "New task in your queue: Anyone in North");
        Assert.Single(alice, n => n.Str("title") == "Your task is overdue: Visit the plant");
        var bob = await NotificationsAsync(Staff.Bob);
        Assert.Single(bob, n => n.Str("title") == "Alice Sales delegated a task to you: Visit the plant");
        Assert.Single(bob, n => n.Str("title") == "New task in your queue: Anyone in North");
        Assert.Single(bob, n => n.Str("title") == "Your task is overdue: Visit the plant");
        Assert.Single(await NotificationsAsync(Staff.Mia), n => n.Str("title") == "Overdue task escalated to you: Visit the plant");
        Assert.DoesNotContain(await NotificationsAsync(Staff.Dora), n => n.Str("title").Contains("Anyone in North", StringComparison.Ordinal));

        // Delivered once: draining again sends nothing twice.
        await _fx.DrainOutboxAsync();
        Assert.Equal(alice.Count, (await NotificationsAsync(Staff.Alice)).Count);
        Assert.NotEmpty(queued);
    }

    [Fact]
    public async Task Notifications_are_written_in_the_language_each_recipient_chose()
    {
        await _fx.Languages.ChooseAsync(Staff.Bob.UserId, "zh-Hans");
        var (_, instanceId) = await StartAsync(InboxJson.HumanTask("拜访工厂", assignee: Staff.Alice.UserId.ToString(), dueIn: "01:00:00", onOverdue: "EscalateToManager"));
        var task = await _fx.SingleOpenTaskAsync(instanceId);
        await OkJson(Post(_fx.As(Staff.Alice), $"/api/inbox/tasks/{task.Id}/delegate", new { delegateId = Staff.Bob.UserId, comment = "你能去吗？" }));
        _fx.Clock.Advance(TimeSpan.FromHours(2));
        await _fx.FireDueTimersAsync(instanceId);
        await _fx.DrainOutboxAsync();

        var bob = await NotificationsAsync(Staff.Bob);
        var delegated = Assert.Single(bob, n => n.Str("title") == "Alice Sales 委托给您一项任务：拜访工厂");
        Assert.Contains("备注：你能去吗？", delegated.Str("body"));
        Assert.Contains("流程：", delegated.Str("body"));
        Assert.Single(bob, n => n.Str("title") == "您的任务已逾期：拜访工厂");

        // Alice never chose: English, in the same run.
        Assert.Single(await NotificationsAsync(Staff.Alice), n => n.Str("title") == "New task: 拜访工厂");
    }

    private async Task<List<System.Text.Json.JsonElement>> NotificationsAsync(Crm.BuildingBlocks.Identity.StaffMember who) =>
        (await OkJson(_fx.As(who).GetAsync("/api/notifications?pageSize=100"))).GetProperty("items").EnumerateArray().ToList();

    private async Task<string> CreatedIdAsync(string url, object body) =>
        (await (await (await _fx.Admin.PostAsJsonAsync(url, body, HttpAssertions.Json)).ShouldHave(HttpStatusCode.Created)).ReadJson()).Str("id");

    private async Task<string> CreateAccountAsync(string name, Guid owner, Guid? branch = null)
    {
        // Bob works in North: his customers are North's unless a test says otherwise.
        var response = await _fx.Admin.PostAsJsonAsync(
            "/api/accounts", new { name, kind = "Company", type = "Customer", ownerId = owner, branchId = branch ?? Staff.North }, HttpAssertions.Json);
        return (await (await response.ShouldHave(HttpStatusCode.Created)).ReadJson()).Str("id");
    }

    private async Task<(string DefinitionId, string InstanceId)> StartAsync((string, JsonNode?)[] task)
    {
        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", task)
            .Chain("start", "task"));
        return (definitionId, await _fx.StartAsync(definitionId));
    }

    public void Dispose() => _fx.Dispose();
}
