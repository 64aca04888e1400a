using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Funnel.Tests.Support.Flow;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>
/// Lead assignment as a process: the shipped workflow, workflows a process owner draws (round robin, least loaded, rules,
/// queue), and republishing. Events are delivered by the test (<see cref="FunnelApp.DeliverEventsAsync"/>), so each lead
/// is assigned before the next one is created.
/// </summary>
public sealed class AssignmentWorkflowTests
{
    private const string DefaultDefinition = "crm-funnel-lead-assignment";

    [Fact]
    public async Task The_shipped_workflow_is_published_and_assigns_new_leads_round_robin_among_Sales()
    {
        using var app = new FunnelApp();

        var definition = await app.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{DefaultDefinition}?versionOptions=Published");
        var owners = new List<Guid?>();
        for (var i = 0; i < 4; i++)
        {
            owners.Add(await NewAssignedLeadOwnerAsync(app));
        }

        Assert.True(definition.GetProperty("isPublished").GetBoolean());
        Assert.Equal([Staff.User1, Staff.User2, Staff.User3, Staff.User1], owners);
    }

    [Fact]
    public async Task A_drawn_round_robin_over_three_users_assigns_1_2_3_1()
    {
        using var app = new FunnelApp();
        await new Flow()
            .Trigger("start", "Crm.LeadCreated")
            .Activity("assign", "Crm.AssignLead", ("strategy", Literal("RoundRobin")),
                ("users", Literal(JsonSerializer.Serialize(new[] { Staff.User1, Staff.User2, Staff.User3 }))))
            .Connect("start", "Done", "assign")
            .PublishAsync(app.Client, DefaultDefinition, "Lead assignment");

        var owners = new List<Guid?>();
        for (var i = 0; i < 5; i++)
        {
            owners.Add(await NewAssignedLeadOwnerAsync(app));
        }

        Assert.Equal([Staff.User1, Staff.User2, Staff.User3, Staff.User1, Staff.User2], owners);
        var history = (await app.GetAsync($"/api/funnel/leads/{await LastLeadAsync(app)}/assignments")).EnumerateArray().Single();
        Assert.Equal("RoundRobin", history.GetProperty("strategy").GetString());
        Assert.Equal("workflow", history.GetProperty("assignedBy").GetString());
    }

    [Fact]
    public async Task Least_loaded_gives_the_lead_to_whoever_has_the_fewest_open_leads()
    {
        using var app = new FunnelApp();
        await new Flow()
            .Trigger("start", "Crm.LeadCreated")
            .Activity("assign", "Crm.AssignLead", ("strategy", Literal("LeastLoaded")), ("role", Literal("Sales")))
            .Connect("start", "Done", "assign")
            .PublishAsync(app.Client, DefaultDefinition, "Lead assignment");
        // User 1 has two open leads, User 3 one, User 2 none (entered by hand with owners, which the workflow keeps).
        await app.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User1));
        await app.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User1));
        await app.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User3));
        await app.DeliverEventsAsync();

        var first = await NewAssignedLeadOwnerAsync(app);
        var second = await NewAssignedLeadOwnerAsync(app);
        var third = await NewAssignedLeadOwnerAsync(app);

        // 2/0/1 → User 2; then 2/1/1 → a tie between User 2 and User 3, broken by the round-robin position → User 3; then 2/1/2 → User 2.
        Assert.Equal([Staff.User2, Staff.User3, Staff.User2], new[] { first, second, third });
    }

    [Fact]
    public async Task Rules_assign_by_industry_territory_and_to_a_queue_first_match_wins()
    {
        using var app = new FunnelApp();
        await new Flow()
            .Trigger("start", "Crm.LeadCreated")
            .Activity("assign", "Crm.AssignLead", ("strategy", Literal("Rule")), ("rules", Literal(
                $"# retail belongs to User 2\nindustry=retail -> {Staff.User2}\nterritory=North, industry=Energy -> queue:North desk\n* -> {Staff.User3}")))
            .Connect("start", "Done", "assign")
            .PublishAsync(app.Client, DefaultDefinition, "Lead assignment");

        var retail = await app.CreateLeadAsync(FunnelApp.NewLead(industry: "Retail", territory: "North"));
        var north = await app.CreateLeadAsync(FunnelApp.NewLead(industry: "Energy", territory: "north"));
        var other = await app.CreateLeadAsync(FunnelApp.NewLead(industry: "Energy", territory: "South"));
        await app.DeliverEventsAsync();

        Assert.Equal(Staff.User2, (await app.LeadAsync(retail)).GetProperty("ownerId").GetGuid());
        var queued = await app.LeadAsync(north);
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("ownerId").ValueKind);
        Assert.Equal("North desk", queued.GetProperty("queue").GetString());
        Assert.Equal(Staff.User3, (await app.LeadAsync(other)).GetProperty("ownerId").GetGuid());
        var inQueue = await app.GetAsync("/api/funnel/leads?queue=North%20desk&unassigned=true");
        Assert.Equal(north, Assert.Single(inQueue.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_rule_that_cannot_be_read_faults_the_instance_with_the_line_named()
    {
        using var app = new FunnelApp();
        await new Flow()
            .Trigger("start", "Crm.LeadCreated")
            .Activity("assign", "Crm.AssignLead", ("strategy", Literal("Rule")), ("rules", Literal("industry=Retail => someone")))
            .Connect("start", "Done", "assign")
            .PublishAsync(app.Client, DefaultDefinition, "Lead assignment");

        await app.CreateLeadAsync();
        await app.DeliverEventsAsync();

        var instance = (await InstancesAsync(app.Client, DefaultDefinition)).First();
        Assert.Equal("Faulted", instance.GetProperty("subStatus").GetString());
        var details = await app.GetAsync($"/elsa/api/workflow-instances/{instance.GetProperty("id").GetString()}");
        Assert.Contains("line 1", details.GetProperty("workflowState").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_nobody_has_the_Sales_role_the_shipped_workflow_puts_the_lead_in_the_unassigned_queue()
    {
        // The identity component's own staff directory: only the test administrator exists, nobody in Sales.
        using var app = new FunnelApp(withDirectory: false);

        var id = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();

        var lead = await app.LeadAsync(id);
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("ownerId").ValueKind);
        Assert.Equal("Unassigned leads", lead.GetProperty("queue").GetString());
    }

    [Fact]
    public async Task Republishing_changes_what_happens_to_new_leads_while_running_instances_keep_their_version()
    {
        using var app = new FunnelApp();
        var before = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();
        var beforeOwner = (await app.LeadAsync(before)).GetProperty("ownerId").GetGuid();
        var running = (await InstancesAsync(app.Client, DefaultDefinition)).Single();
        Assert.Equal("Suspended", running.GetProperty("subStatus").GetString());

        // The process owner redraws the workflow: every new lead now goes to a queue.
        var v2 = await new Flow()
            .Trigger("start", "Crm.LeadCreated")
            .Activity("assign", "Crm.AssignLead", ("strategy", Literal("Queue")), ("queue", Literal("Marketing review")))
            .Connect("start", "Done", "assign")
            .PublishAsync(app.Client, DefaultDefinition, "Lead assignment");
        var after = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();

        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        var queued = await app.LeadAsync(after);
        Assert.Equal("Marketing review", queued.GetProperty("queue").GetString());
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("ownerId").ValueKind);

        // The first lead's instance still runs version 1: its follow-up wait ends when the owner follows it up.
        await app.PostAsync($"/api/funnel/leads/{before}/follow-ups", new { channel = "Telephone", summary = "Called" }, HttpStatusCode.Created);
        await app.DeliverEventsAsync();
        var instances = await InstancesAsync(app.Client, DefaultDefinition);
        var first = instances.Single(i => i.GetProperty("id").GetString() == running.GetProperty("id").GetString());
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal("Finished", first.GetProperty("subStatus").GetString());
        Assert.Equal(2, instances.Single(i => i.GetProperty("id").GetString() != running.GetProperty("id").GetString()).GetProperty("version").GetInt32());
        Assert.Equal(beforeOwner, (await app.LeadAsync(before)).GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task Concurrent_round_robin_assignments_never_give_the_same_turn_twice()
    {
        using var app = new FunnelApp();
        // No workflow is started here (events are not delivered): the assignment command is called as the activity calls it.
        var leads = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            leads.Add(await app.CreateLeadAsync());
        }

        await Task.WhenAll(leads.Select(lead => Task.Run(async () =>
        {
            await using var scope = app.App.Services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
            await mediator.Send(new Crm.Funnel.Features.Assignment.AssignByStrategyCommand(
                lead, Crm.Funnel.Domain.AssignmentStrategy.RoundRobin, [Staff.User1, Staff.User2, Staff.User3], null, null,
                KeepExistingOwner: true, ExcludeCurrentOwner: false, "concurrency-test", $"key-{lead}", null));
        })));

        var counts = new Dictionary<Guid, int>();
        foreach (var lead in leads)
        {
            var owner = (await app.LeadAsync(lead)).GetProperty("ownerId").GetGuid();
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }

        Assert.Equal([10, 10, 10], counts.Values);
    }

    /// <summary>Creates a lead, delivers its LeadCreated (the assignment workflow runs) and returns its owner.</summary>
    private static async Task<Guid?> NewAssignedLeadOwnerAsync(FunnelApp app)
    {
        var id = await app.CreateLeadAsync();
        await app.DeliverEventsAsync();
        var owner = (await app.LeadAsync(id)).GetProperty("ownerId");
        return owner.ValueKind == JsonValueKind.Null ? null : owner.GetGuid();
    }

    private static async Task<Guid> LastLeadAsync(FunnelApp app) =>
        (await app.GetAsync("/api/funnel/leads?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();
}
