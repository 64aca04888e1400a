using Crm.TestKit;
using Crm.Workflows.Runtime;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>Events published by bursts are delivered after the commit, page by page (ADR 0055).</summary>
public sealed class EventDeliveryTests
{
    [Fact]
    public async Task An_event_published_after_a_thousand_others_in_one_burst_is_still_delivered()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var listener = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", Literal("all-sent")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("heard")))
            .Chain("start", "wait", "after"));
        var (listening, _) = await api.ExecuteAsync(listener);
        var burst = WorkflowEventDelivery.PageSize + 5;
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("tick", "Elsa.PublishEvent", ("eventName", Literal("tick")));
        var publisher = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("loop", "Elsa.For", ("start", Literal("1")), ("end", Literal(burst.ToString(System.Globalization.CultureInfo.InvariantCulture))), ("step", Literal("1")), ("body", body.Flowchart()))
            .Activity("last", "Elsa.PublishEvent", ("eventName", Literal("all-sent")))
            .Chain("start", "loop", "last"));

        // The publisher's burst queues more than a page of "tick" events before "all-sent"; the start answers once
        // every one of them was delivered.
        await api.ExecuteAsync(publisher);

        var heard = await api.InstanceAsync(listening);
        Assert.Equal("Finished", heard.Str("subStatus"));
        Assert.Contains("after:Completed", await api.JournalEventsAsync(listening));
    }
}
