using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Funnel.Tests.Support.Flow;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>
/// "Wait for follow-up" in the shipped workflow: a follow-up ends the wait; a missed time limit tells the manager and
/// reassigns the lead. A time limit is a Quartz trigger at the bookmark's due time; the tests move the test clock past
/// it and make the due triggers fire now (<see cref="FunnelApp.FireDueTimersAsync"/>), then wait for the resumed
/// workflow, up to a generous deadline.
/// </summary>
public sealed class FollowUpWorkflowTests
{
    private const string DefaultDefinition = "crm-funnel-lead-assignment";

    private static FunnelApp NewApp() => new();

    [Fact]
    public async Task A_follow_up_within_the_time_limit_ends_the_wait_and_nothing_escalates()
    {
        using var app = NewApp();
        var id = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();
        var owner = (await app.LeadAsync(id)).GetProperty("ownerId").GetGuid();

        app.Clock.Advance(TimeSpan.FromHours(5));
        await app.PostAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Telephone", summary = "First call" }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();
        var instance = (await InstancesAsync(app.Client, DefaultDefinition)).Single();

        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        // No timer is left that could fire later: the follow-up's resume claimed the wait's only bookmark.
        var state = (await app.GetAsync($"/elsa/api/workflow-instances/{instance.GetProperty("id").GetString()}")).GetProperty("workflowState");
        Assert.Empty(state.GetProperty("bookmarks").EnumerateArray());
        var lead = await app.LeadAsync(id);
        Assert.Equal(0, lead.GetProperty("escalationCount").GetInt32());
        Assert.Equal(owner, lead.GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task A_missed_time_limit_escalates_to_the_manager_and_reassigns_to_someone_else()
    {
        using var app = NewApp();
        var id = await app.CreateLeadAsync(new { name = "Slow Lead", company = "Waiting Co", email = $"slow{FunnelApp.Next()}@x.test" });
        await app.DeliverEventsAsync();
        var first = (await app.LeadAsync(id)).GetProperty("ownerId").GetGuid();
        Assert.Equal(Staff.User1, first);

        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, await app.FireDueTimersAsync());
        var lead = await WaitForAsync(app, id, l => l.GetProperty("escalationCount").GetInt32() == 1 && l.GetProperty("ownerId").GetGuid() != first);

        Assert.Equal(Staff.User2, lead.GetProperty("ownerId").GetGuid());
        var history = (await app.GetAsync($"/api/funnel/leads/{id}/assignments")).EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("Not followed up within 24 hours", history[1].GetProperty("reason").GetString());
        using var manager = app.App.CreateClientAs(Staff.Manager, CrmRoles.BranchManager);
        var notifications = await (await manager.GetAsync("/api/notifications")).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
        var note = Assert.Single(notifications.GetProperty("items").EnumerateArray());
        Assert.Equal("Lead not followed up within 24 hours: Slow Lead", note.GetProperty("title").GetString());
        Assert.Equal($"/funnel/leads/{id}", note.GetProperty("link").GetString());

        // The new owner follows it up in time: the second wait ends and the instance finishes.
        await app.PostAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Email", summary = "Sent the brochure" }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();
        Assert.Equal("Finished", (await InstancesAsync(app.Client, DefaultDefinition)).Single().GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task A_drawn_wait_with_its_own_time_limit_continues_on_TimedOut()
    {
        using var app = NewApp();
        await new Flow()
            .Trigger("start", "Crm.LeadCreated")
            .Activity("assign", "Crm.AssignLead", ("strategy", Literal("RoundRobin")))
            .Activity("wait", "Crm.WaitForLeadFollowUp", ("timeLimitHours", Literal("2")))
            .Activity("queue", "Crm.AssignLead", ("strategy", Literal("Queue")), ("queue", Literal("Escalated")), ("keepExistingOwner", Literal("false")))
            .Connect("start", "Done", "assign")
            .Connect("assign", "Assigned", "wait")
            .Connect("wait", "TimedOut", "queue")
            .PublishAsync(app.Client, DefaultDefinition, "Lead assignment");
        var started = app.Clock.GetUtcNow().UtcDateTime;
        var id = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();

        // The wait is a bookmark due two hours after it started (the drawn limit, not the shipped 24 h).
        var instance = (await InstancesAsync(app.Client, DefaultDefinition)).Single();
        var state = (await app.GetAsync($"/elsa/api/workflow-instances/{instance.GetProperty("id").GetString()}")).GetProperty("workflowState");
        var bookmark = Assert.Single(state.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal("Crm.LeadFollowUp", bookmark.GetProperty("name").GetString());
        Assert.Equal(started.AddHours(2), bookmark.GetProperty("resumeAtUtc").GetDateTime(), TimeSpan.FromSeconds(1));
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await app.FireDueTimersAsync());
        app.Clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(1, await app.FireDueTimersAsync());
        var lead = await WaitForAsync(app, id, l => l.GetProperty("queue").ValueKind == JsonValueKind.String);

        Assert.Equal("Escalated", lead.GetProperty("queue").GetString());
        Assert.Equal(1, lead.GetProperty("escalationCount").GetInt32());
    }

    [Fact]
    public async Task End_to_end_a_lead_from_the_web_form_appears_in_the_assigned_salespersons_leads()
    {
        using var app = NewApp();
        var email = $"e2e{FunnelApp.Next()}@web.test";
        var token = (await app.GetAsync("/api/public/leads/form-token")).GetProperty("token").GetString();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await (await app.Client.PostAsJsonAsync("/api/public/leads", new { name = "From the site", company = "Site Co", email, token })).ShouldHave(HttpStatusCode.Accepted);

        await app.DeliverEventsAsync();

        var mine = await MyLeadsAsync(app, Staff.User1);
        var lead = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal(email, lead.GetProperty("email").GetString());
        Assert.Equal("WebForm", lead.GetProperty("capturedVia").GetString());
        Assert.Empty((await MyLeadsAsync(app, Staff.User2)).GetProperty("items").EnumerateArray());
    }

    private static async Task<JsonElement> MyLeadsAsync(FunnelApp app, Guid user)
    {
        using var salesperson = app.App.CreateClientAs(user, CrmRoles.Sales);
        var response = await (await salesperson.GetAsync("/api/funnel/leads?mine=true&open=true")).ShouldHave(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    /// <summary>Polls the lead until <paramref name="done"/> holds (the timer job works in the background) or 30 s pass.</summary>
    private static async Task<JsonElement> WaitForAsync(FunnelApp app, Guid id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            // Events raised by the resumed workflow (LeadAssigned...) are delivered too, as the outbox job would.
            await app.DeliverEventsAsync();
            var lead = await app.LeadAsync(id);
            if (done(lead) || DateTime.UtcNow > deadline)
            {
                return lead;
            }

            await Task.Delay(100);
        }
    }
}
