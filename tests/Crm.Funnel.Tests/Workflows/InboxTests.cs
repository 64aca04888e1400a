using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using static Crm.Funnel.Tests.Support.Flow;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>The shipped Funnel workflows working with the inbox: follow-up tasks for lead owners, discount approvals for managers.</summary>
public sealed class InboxTests
{
    [Fact]
    public async Task End_to_end_a_lead_from_the_web_form_lands_in_the_assigned_salespersons_inbox_and_completing_the_task_records_the_follow_up()
    {
        using var app = new FunnelApp();
        var email = $"inbox{FunnelApp.Next()}@web.test";
        using var visitor = app.App.CreateAnonymousClient();
        var token = (await (await visitor.GetAsync("/api/public/leads/form-token")).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap())
            .GetProperty("token").GetString();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await (await visitor.PostAsJsonAsync("/api/public/leads", new { name = "Zhou Xun", company = "Riverside Foods", email, token })).ShouldHave(HttpStatusCode.Accepted);

        await app.DeliverEventsAsync();

        using var user1 = app.App.CreateClientAs(Staff.User1, CrmRoles.Sales);
        var inbox = await GetAsync(user1, "/api/inbox/tasks?view=mine");
        var task = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal("Follow up lead: Zhou Xun (Riverside Foods)", task.GetProperty("title").GetString());
        Assert.Equal("Funnel", task.GetProperty("module").GetString());
        var lead = Assert.Single((await GetAsync(user1, "/api/funnel/leads?mine=true")).GetProperty("items").EnumerateArray());
        Assert.Equal($"/funnel/leads/{lead.GetProperty("id").GetGuid()}", task.GetProperty("link").GetString());
        Assert.Empty((await GetAsync(app.App.CreateClientAs(Staff.User2, CrmRoles.Sales), "/api/inbox/tasks?view=mine")).GetProperty("items").EnumerateArray());

        // Completing the task records the follow-up on the lead; its event ends the workflow's wait.
        await (await user1.PostAsJsonAsync($"/api/inbox/tasks/{task.GetProperty("id").GetGuid()}/complete",
            new { outcome = "Followed up", comment = "Called, sending a brochure" })).ShouldHave(HttpStatusCode.OK);
        var followedUp = await app.LeadAsync(lead.GetProperty("id").GetGuid());
        Assert.Equal(1, followedUp.GetProperty("followUpCount").GetInt32());
        Assert.Equal("Working", followedUp.GetProperty("status").GetString());
        var log = Assert.Single((await app.GetAsync($"/api/funnel/leads/{lead.GetProperty("id").GetGuid()}/follow-ups")).GetProperty("items").EnumerateArray());
        Assert.Equal("Called, sending a brochure", log.GetProperty("summary").GetString());
        Assert.Equal(Staff.User1.ToString(), log.GetProperty("recordedBy").GetString());

        await app.DeliverEventsAsync();
        var instance = Assert.Single(await InstancesAsync(app.Client, "crm-funnel-lead-assignment"));
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task A_follow_up_logged_on_the_lead_withdraws_the_inbox_task()
    {
        using var app = new FunnelApp();
        var id = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();
        using var user1 = app.App.CreateClientAs(Staff.User1, CrmRoles.Sales);
        Assert.Single((await GetAsync(user1, "/api/inbox/tasks?view=mine")).GetProperty("items").EnumerateArray());

        await (await user1.PostAsJsonAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Visit", summary = "Met at their office" })).ShouldHave(HttpStatusCode.Created);
        await app.DeliverEventsAsync();

        Assert.Empty((await GetAsync(user1, "/api/inbox/tasks?view=mine")).GetProperty("items").EnumerateArray());
        Assert.Equal("Finished", Assert.Single(await InstancesAsync(app.Client, "crm-funnel-lead-assignment")).GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task A_deep_discount_goes_to_the_requesters_own_manager_then_an_executive_and_their_approval_lands_on_the_quote()
    {
        using var app = new FunnelApp(new Dictionary<string, string?> { ["Funnel:Quotes:DiscountApprovalThresholdPercent"] = "15" });
        var account = await app.CreateAccountAsync(ownerId: Staff.User1);
        var opportunity = (await app.CreateOpportunityAsync(account, 1000m, new DateOnly(2027, 6, 30), ownerId: Staff.User1)).GetProperty("id").GetGuid();
        var quote = await app.PostAsync($"/api/funnel/opportunities/{opportunity}/quotes",
            new { lines = new[] { new { description = "Licence", quantity = 10, unitPrice = 100m, discountPercent = 40m } } }, HttpStatusCode.Created);
        var quoteId = quote.GetProperty("id").GetGuid();
        using var seller = app.App.CreateClientAs(Staff.User1, CrmRoles.Sales);
        var submitted = await (await seller.PostAsJsonAsync($"/api/funnel/quotes/{quoteId}/submit", new { })).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
        Assert.Equal("PendingApproval", submitted.GetProperty("status").GetString());

        await app.DeliverEventsAsync();

        // The requester's manager gets it in their own list; no branch managers' queue holds it (issue 14.3).
        using var manager = app.App.CreateClientAs(Staff.Manager, CrmRoles.BranchManager);
        Assert.DoesNotContain((await GetAsync(manager, "/api/inbox/tasks?view=group")).GetProperty("items").EnumerateArray(),
            t => t.GetProperty("title").GetString()!.StartsWith("Discount of 40% on quote", StringComparison.Ordinal));
        await ApproveAsync(manager, "mine", "Discount of 40% on quote", "Strategic customer");
        Assert.Equal("PendingApproval", (await app.GetAsync($"/api/funnel/quotes/{quoteId}")).GetProperty("status").GetString());
        var executiveId = Guid.NewGuid();
        using var executive = app.App.CreateClientAs(executiveId, CrmRoles.Executive);
        await ApproveAsync(executive, "group", "Discount of 40% on quote", "Agreed");

        var decided = await app.GetAsync($"/api/funnel/quotes/{quoteId}");
        Assert.Equal("Approved", decided.GetProperty("status").GetString());
        Assert.Equal(executiveId.ToString(), decided.GetProperty("decidedBy").GetString());
        Assert.Equal("Agreed", decided.GetProperty("decisionComment").GetString());
    }

    private static async Task ApproveAsync(HttpClient client, string view, string titleStart, string comment)
    {
        var tasks = (await GetAsync(client, $"/api/inbox/tasks?view={view}")).GetProperty("items").EnumerateArray()
            .Where(t => t.GetProperty("title").GetString()!.StartsWith(titleStart, StringComparison.Ordinal)).ToList();
        var task = Assert.Single(tasks);
        var id = task.GetProperty("id").GetGuid();
        if (view == "group")
        {
            await (await client.PostAsJsonAsync($"/api/inbox/tasks/{id}/claim", new { })).ShouldHave(HttpStatusCode.OK);
        }

        await (await client.PostAsJsonAsync($"/api/inbox/tasks/{id}/complete", new { outcome = "Approved", comment })).ShouldHave(HttpStatusCode.OK);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
}
