using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Templates;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Crm.Workflows.Tests.Inbox.InboxApp;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>The ready-made processes: imported once, published, and they run end to end.</summary>
public sealed class TemplateTests : IDisposable
{
    private readonly InboxApp _fx = new(enabledModules: ["Accounts"], importTemplates: true);

    [Fact]
    public async Task The_three_templates_are_imported_published_and_not_brought_back_once_deleted()
    {
        foreach (var id in new[] { "crm-discount-approval", "crm-leave-of-absence", "crm-leaver-transfer" })
        {
            var published = await OkJson(_fx.Admin.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}?versionOptions=Published"));
            Assert.True(published.GetProperty("isPublished").GetBoolean());
            Assert.True(published.GetProperty("root").GetProperty("activities").GetArrayLength() >= 4);
        }

        await (await _fx.Admin.DeleteAsync("/elsa/api/workflow-definitions/crm-leaver-transfer")).ShouldHave(HttpStatusCode.NoContent);
        var importer = _fx.App.Services.GetServices<IHostedService>().OfType<TemplateImporter>().Single();

        Assert.Empty(await importer.ImportAsync(CancellationToken.None));
        await (await _fx.Admin.GetAsync("/elsa/api/workflow-definitions/by-definition-id/crm-leaver-transfer")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_human_task_descriptor_lets_the_designer_draw_the_owners_outcomes_plus_Overdue()
    {
        var list = await OkJson(_fx.Admin.GetAsync("/elsa/api/descriptors/activities"));
        var task = list.GetProperty("items").EnumerateArray().Single(d => d.Str("typeName") == "Crm.HumanTask");

        Assert.Equal("CRM Tasks", task.Str("category"));
        Assert.Equal("Task", task.Str("kind"));
        var outcomes = task.GetProperty("inputs").EnumerateArray().Single(i => i.Str("name") == "outcomes");
        Assert.Equal("dynamic-outcomes", outcomes.Str("uiHint"));
        Assert.Equal(["Overdue"], outcomes.GetProperty("uiSpecifications").GetProperty("DynamicOutcomesOptions").GetProperty("fixedOutcomes").EnumerateArray().Select(o => o.GetString()));
        var approval = list.GetProperty("items").EnumerateArray().Single(d => d.Str("typeName") == "Crm.RequestApproval");
        Assert.Equal("CRM Approvals", approval.Str("category"));
        Assert.Equal(["Approved", "Rejected", "Returned", "Overdue"], approval.GetProperty("ports").EnumerateArray().Select(p => p.Str("name")));
    }

    [Fact]
    public async Task Discount_approval_needs_two_levels_above_ten_percent_and_none_below()
    {
        var account = await CreateAccountAsync("Discount Customer", Staff.Alice.UserId);
        var small = await _fx.StartAsync("crm-discount-approval", Input(account, 5));
        var apply = await _fx.SingleOpenTaskAsync(small);
        Assert.Equal(Staff.Alice.UserId, apply.AssigneeId);
        Assert.Equal("Apply the approved 5% discount", apply.Title);
        Assert.Equal($"/accounts/{account}", apply.Link);

        var large = await _fx.StartAsync("crm-discount-approval", Input(account, 15));
        var level1 = await _fx.SingleOpenTaskAsync(large);
        // The requester's own manager, not every branch manager's queue (issue 14.3).
        Assert.Equal(Staff.Mia.UserId, level1.AssigneeId);
        Assert.Null(level1.CandidateGroup);
        Assert.Equal($"Discount of 15% for account {account}", level1.Title);
        Assert.Equal("Accounts", level1.Module);
        await OkJson(Post(_fx.As(Staff.Mia), $"/api/inbox/tasks/{level1.Id}/complete", new { outcome = "Approved" }));
        var level2 = await _fx.SingleOpenTaskAsync(large);
        Assert.Equal("Executive", level2.CandidateGroup);
        await OkJson(Post(_fx.As(Staff.Eve), $"/api/inbox/tasks/{level2.Id}/claim"));
        await OkJson(Post(_fx.As(Staff.Eve), $"/api/inbox/tasks/{level2.Id}/complete", new { outcome = "Rejected", comment = "Too much this quarter" }));

        var refused = await _fx.SingleOpenTaskAsync(large);
        Assert.Equal("Discount rejected: tell the customer", refused.Title);
        Assert.Equal("The approver said: Too much this quarter", refused.Description);
        await OkJson(Post(_fx.As(Staff.Alice), $"/api/inbox/tasks/{refused.Id}/complete"));
        Assert.Equal("Finished", (await _fx.InstanceAsync(large)).Str("subStatus"));
    }

    [Fact]
    public async Task Leave_of_absence_routes_the_employees_new_tasks_to_the_proxy_once_approved()
    {
        var now = _fx.Clock.GetUtcNow().UtcDateTime;
        var leave = await _fx.StartAsync("crm-leave-of-absence", new JsonObject
        {
            ["Employee"] = Staff.Alice.UserId.ToString(),
            ["Proxy"] = Staff.Bob.UserId.ToString(),
            ["From"] = now.AddHours(-1).ToString("O"),
            ["To"] = now.AddDays(7).ToString("O"),
            ["Reason"] = "Holiday",
        });
        var approval = await _fx.SingleOpenTaskAsync(leave);
        Assert.Equal(Staff.Mia.UserId, approval.AssigneeId);
        Assert.Equal("Leave from 2026-11-23 to 2026-11-30", approval.Title);

        await OkJson(Post(_fx.As(Staff.Mia), $"/api/inbox/tasks/{approval.Id}/complete", new { outcome = "Approved" }));

        var rule = Assert.Single((await OkJson(_fx.As(Staff.Alice).GetAsync("/api/inbox/out-of-office"))).EnumerateArray());
        Assert.Equal("Bob Sales", rule.GetProperty("proxy").Str("name"));
        Assert.True(rule.GetProperty("isActive").GetBoolean());
        var tellProxy = await _fx.SingleOpenTaskAsync(leave);
        Assert.Equal(Staff.Bob.UserId, tellProxy.AssigneeId);
        Assert.Equal(["Acknowledged"], tellProxy.OutcomeList);

        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", InboxJson.HumanTask("Call back", assignee: Staff.Alice.UserId.ToString()))
            .Chain("start", "task"));
        var routed = await _fx.SingleOpenTaskAsync(await _fx.StartAsync(definitionId));
        Assert.Equal(Staff.Bob.UserId, routed.AssigneeId);
        Assert.Equal(Staff.Alice.UserId, routed.OnBehalfOfId);
    }

    [Fact]
    public async Task Leaver_transfer_moves_the_leavers_tasks_and_customers_once_the_manager_confirms()
    {
        var account = await CreateAccountAsync("Bob's Customer", Staff.Bob.UserId);
        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", InboxJson.HumanTask("Bob's open work", assignee: Staff.Bob.UserId.ToString()))
            .Chain("start", "task"));
        var bobsWork = await _fx.StartAsync(definitionId);

        var leaver = await _fx.StartAsync("crm-leaver-transfer", new JsonObject
        {
            ["Leaver"] = Staff.Bob.UserId.ToString(),
            ["Successor"] = Staff.Dora.UserId.ToString(),
            ["Reason"] = "Bob left",
        });
        var confirm = await _fx.SingleOpenTaskAsync(leaver);
        Assert.Equal(Staff.Mia.UserId, confirm.AssigneeId);
        Assert.Equal(["Transfer", "Cancel"], confirm.OutcomeList);

        await OkJson(Post(_fx.As(Staff.Mia), $"/api/inbox/tasks/{confirm.Id}/complete",
            new { outcome = "Transfer", formData = new { successor = Staff.Alice.UserId.ToString(), includeRecords = true } }));

        Assert.Equal(Staff.Alice.UserId, (await _fx.SingleOpenTaskAsync(bobsWork)).AssigneeId);
        Assert.Equal(Staff.Alice.UserId.ToString(), (await OkJson(_fx.Admin.GetAsync($"/api/accounts/{account}"))).Str("ownerId"));
        var review = await _fx.SingleOpenTaskAsync(leaver);
        Assert.Equal(Staff.Alice.UserId, review.AssigneeId);
        Assert.Equal("1 open tasks moved to you. 1 customer is now yours.", review.Description);
    }

    private static JsonObject Input(string account, decimal percent) => new()
    {
        ["AccountId"] = account,
        ["DiscountPercent"] = percent,
        ["RequestedBy"] = Staff.Alice.UserId.ToString(),
        ["Note"] = "Competitor offer",
    };

    private async Task<string> CreateAccountAsync(string name, Guid owner)
    {
        var response = await _fx.Admin.PostAsJsonAsync("/api/accounts", new { name, kind = "Company", type = "Customer", ownerId = owner }, HttpAssertions.Json);
        return (await (await response.ShouldHave(HttpStatusCode.Created)).ReadJson()).Str("id");
    }

    public void Dispose() => _fx.Dispose();
}
