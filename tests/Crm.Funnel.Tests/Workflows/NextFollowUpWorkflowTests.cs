using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using static Crm.Funnel.Tests.Support.Flow;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>
/// Issue 12.14: a follow-up's "next follow-up" date puts a task in the owner's inbox due then (the shipped "Next
/// follow-up" workflow); logging the next follow-up on the record withdraws it. For leads and opportunities alike.
/// </summary>
public sealed class NextFollowUpWorkflowTests
{
    private const string Definition = "crm-funnel-next-follow-up";

    [Fact]
    public async Task A_next_follow_up_date_on_a_lead_becomes_the_owners_task_due_then_and_the_next_follow_up_withdraws_it()
    {
        using var app = new FunnelApp();
        var id = await app.CreateLeadAsync(new { name = "Planned Lead", company = "Plan Co", email = $"plan{FunnelApp.Next()}@x.test" });
        await app.DeliverEventsAsync();
        Assert.Equal(Staff.User1, (await app.LeadAsync(id)).GetProperty("ownerId").GetGuid());
        using var owner = app.App.CreateClientAs(Staff.User1, CrmRoles.Sales);

        // A call today, the next one planned in three days.
        var due = app.Clock.GetUtcNow().UtcDateTime.AddDays(3);
        await app.PostAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Telephone", summary = "Asked for a demo", nextFollowUpAt = due }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();

        var task = Assert.Single(await TasksAsync(owner, "open"));
        Assert.Equal("Follow up: Planned Lead", task.GetProperty("title").GetString());
        Assert.Equal(due, task.GetProperty("dueAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal($"/funnel/leads/{id}", task.GetProperty("link").GetString());
        Assert.Equal("Suspended", (await InstancesAsync(app.Client, Definition)).Single().GetProperty("subStatus").GetString());
        // Nobody else gets it.
        using var colleague = app.App.CreateClientAs(Staff.User2, CrmRoles.Sales);
        Assert.Empty(await TasksAsync(colleague, "open"));

        // The demo is logged on the lead (not through the task): the planned task is withdrawn, the workflow ends.
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.PostAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Visit", summary = "Gave the demo" }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();

        Assert.Empty(await TasksAsync(owner, "open"));
        Assert.Equal("Finished", (await InstancesAsync(app.Client, Definition)).Single().GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task On_an_opportunity_a_new_date_replaces_the_old_task_and_a_follow_up_without_one_leaves_none()
    {
        using var app = new FunnelApp();
        var account = await app.CreateAccountAsync(ownerId: Staff.User2);
        var opportunity = (await app.CreateOpportunityAsync(account, 50_000m, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), ownerId: Staff.User2, name: "Sensor rollout"))
            .GetProperty("id").GetGuid();
        using var owner = app.App.CreateClientAs(Staff.User2, CrmRoles.Sales);

        var first = app.Clock.GetUtcNow().UtcDateTime.AddDays(7);
        await app.PostAsync($"/api/funnel/opportunities/{opportunity}/follow-ups", new { channel = "Email", summary = "Sent the offer", nextFollowUpAt = first }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();
        var task = Assert.Single(await TasksAsync(owner, "open"));
        Assert.Equal("Follow up: Sensor rollout", task.GetProperty("title").GetString());
        Assert.Equal(first, task.GetProperty("dueAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));

        // The next call plans another: the first task goes, a new one is due at the new date.
        app.Clock.Advance(TimeSpan.FromDays(6));
        var second = app.Clock.GetUtcNow().UtcDateTime.AddDays(5);
        await app.PostAsync($"/api/funnel/opportunities/{opportunity}/follow-ups", new { channel = "Telephone", summary = "Negotiated", nextFollowUpAt = second }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();
        task = Assert.Single(await TasksAsync(owner, "open"));
        Assert.Equal(second, task.GetProperty("dueAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));

        // A follow-up that plans nothing further closes the last one.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.PostAsync($"/api/funnel/opportunities/{opportunity}/follow-ups", new { channel = "Visit", summary = "Signed" }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();
        Assert.Empty(await TasksAsync(owner, "open"));
        Assert.All(await InstancesAsync(app.Client, Definition), i => Assert.Equal("Finished", i.GetProperty("subStatus").GetString()));
    }

    private static async Task<List<JsonElement>> TasksAsync(HttpClient client, string status)
    {
        var page = await (await (await client.GetAsync($"/api/inbox/tasks?view=mine&process={Definition}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        return page.GetProperty("items").EnumerateArray()
            .Where(t => string.Equals(t.GetProperty("status").GetString(), status, StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
