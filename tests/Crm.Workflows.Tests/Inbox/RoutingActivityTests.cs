using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>
/// "Find manager" and "Route to unit queue" (ADR 0103): the routing a process owner draws goes through the same
/// organisation answers as the inbox's own (here the staff profiles, the Branches module being off).
/// </summary>
public sealed class RoutingActivityTests : IDisposable
{
    private readonly InboxApp _fx = new();

    [Fact]
    public async Task Find_manager_walks_up_the_persons_own_chain_and_says_when_there_is_nobody()
    {
        var found = await RunAsync(Staff.Alice.UserId, levels: 1);
        var twoUp = await RunAsync(Staff.Alice.UserId, levels: 2);
        var top = await RunAsync(Staff.Eve.UserId, levels: 1);

        var toManager = await _fx.SingleOpenTaskAsync(found);
        Assert.Equal(Staff.Mia.UserId, toManager.AssigneeId);
        Assert.Equal("For Mia Manager", toManager.Title);
        Assert.Equal(Staff.Eve.UserId, (await _fx.SingleOpenTaskAsync(twoUp)).AssigneeId);
        var nobody = await _fx.SingleOpenTaskAsync(top);
        Assert.Equal("Nobody above", nobody.Title);
        Assert.Equal(Staff.Adam.UserId, nobody.AssigneeId);
    }

    [Fact]
    public async Task Route_to_unit_queue_gives_the_persons_own_units_queue_to_a_task()
    {
        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("route", "Crm.RouteToUnitQueue", ("person", Literal(Staff.Dora.UserId.ToString())), ("candidateRole", Literal("Sales")))
            .Activity("task", "Crm.HumanTask", ("title", Literal("Call back")), ("assignee", Js("getOutputFrom('route', 'queue')")))
            .Activity("none", "Crm.HumanTask", ("title", Literal("No unit")), ("assignee", Literal(Staff.Adam.UserId.ToString())))
            .Connect("start", "route")
            .Connect("route", "task", "Routed")
            .Connect("route", "none", "NoUnit"));
        var instance = await _fx.StartAsync(definitionId);

        var task = await _fx.SingleOpenTaskAsync(instance);
        Assert.Null(task.AssigneeId);
        Assert.Equal("Sales", task.CandidateRole);
        Assert.Equal(Staff.South, task.CandidateBranchId);

        var executive = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("route", "Crm.RouteToUnitQueue", ("person", Literal(Staff.Eve.UserId.ToString())))
            .Activity("none", "Crm.HumanTask", ("title", Literal("No unit")), ("assignee", Literal(Staff.Adam.UserId.ToString())))
            .Connect("start", "route")
            .Connect("route", "none", "NoUnit"));
        Assert.Equal("No unit", (await _fx.SingleOpenTaskAsync(await _fx.StartAsync(executive))).Title);
    }

    public void Dispose() => _fx.Dispose();

    private async Task<string> RunAsync(Guid person, int levels)
    {
        var definitionId = await _fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("find", "Crm.FindManager", ("person", Literal(person.ToString())), ("levels", Literal(levels.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Activity("task", "Crm.HumanTask", ("title", Js("'For ' + getOutputFrom('find', 'managerName')")), ("assignee", Js("getOutputFrom('find', 'managerId')")))
            .Activity("none", "Crm.HumanTask", ("title", Literal("Nobody above")), ("assignee", Literal(Staff.Adam.UserId.ToString())))
            .Connect("start", "find")
            .Connect("find", "task", "Found")
            .Connect("find", "none", "NotFound"));
        return await _fx.StartAsync(definitionId);
    }
}
