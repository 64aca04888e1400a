using Crm.Workflows.Runtime;
using static Crm.Workflows.Tests.Runtime.FlowchartTests;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>Waiting and resuming: Delay, Timer, Event, PublishEvent, SDK bookmarks and state persistence between bursts.</summary>
public sealed class BookmarkTests
{
    private readonly EngineHarness _harness = new();

    [Fact]
    public async Task Delay_suspends_with_a_timer_bookmark_and_resume_continues()
    {
        var workflow = new WorkflowJson()
            .Activity("before", "Elsa.WriteLine", ("text", Literal("before")))
            .Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:00:05")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Chain("before", "delay", "after");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition);

        Assert.Equal(["before"], started.Lines());
        Assert.Equal(WorkflowStatus.Running, started.State.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, started.State.SubStatus);
        var bookmark = Assert.Single(started.BookmarksCreated);
        Assert.Equal("Elsa.Delay", bookmark.Name);
        Assert.Equal(_harness.Clock.UtcNow.UtcDateTime.AddSeconds(5), bookmark.ResumeAtUtc);
        Assert.Equal(DateTimeKind.Utc, bookmark.ResumeAtUtc!.Value.Kind);
        Assert.Equal("delay", bookmark.ActivityId);
        Assert.Equal("Workflow1:root1:delay", bookmark.ActivityNodeId);
        Assert.Contains(started.Journal, e => e.ActivityId == "delay" && e.EventName == "Suspended");
        var delayRecord = Assert.Single(started.ActivityExecutions, r => r.ActivityId == "delay");
        Assert.True(delayRecord.HasBookmarks);
        Assert.Equal(ActivityStatus.Running, delayRecord.Status);

        _harness.Clock.UtcNow = _harness.Clock.UtcNow.AddSeconds(5);
        var resumed = await _harness.ResumeAsync(definition, started.State, bookmark.Id);

        Assert.Equal(["after"], resumed.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
        Assert.Equal(bookmark.Id, Assert.Single(resumed.BookmarksRemoved).Id);
        Assert.Contains(resumed.Journal, e => e.ActivityId == "delay" && e.EventName == "Resumed");
        var completed = Assert.Single(resumed.ActivityExecutions, r => r.ActivityId == "delay");
        Assert.Equal(delayRecord.Id, completed.Id);
        Assert.Equal(ActivityStatus.Completed, completed.Status);
        Assert.Equal(delayRecord.StartedAt, completed.StartedAt);
        Assert.False(completed.HasBookmarks);
    }

    [Fact]
    public async Task Resume_does_not_change_the_given_state()
    {
        var definition = new WorkflowJson().Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:01:00"))).Build();
        var started = await _harness.StartAsync(definition);
        var json = WorkflowStateSerializer.Serialize(started.State);

        await _harness.ResumeAsync(definition, started.State, started.State.Bookmarks[0].Id);

        Assert.Equal(json, WorkflowStateSerializer.Serialize(started.State));
    }

    [Fact]
    public async Task Timer_inside_a_workflow_waits_one_interval()
    {
        var workflow = new WorkflowJson()
            .Activity("timer", "Elsa.Timer", ("interval", Literal("00:10:00")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("tick")))
            .Chain("timer", "after");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition);
        var bookmark = Assert.Single(started.State.Bookmarks);
        Assert.Equal("Elsa.Timer", bookmark.Name);
        Assert.Equal(_harness.Clock.UtcNow.UtcDateTime.AddMinutes(10), bookmark.ResumeAtUtc);

        var resumed = await _harness.ResumeAsync(definition, RoundTrip(started.State), bookmark.Id);

        Assert.Equal(["tick"], resumed.Lines());
    }

    [Fact]
    public async Task Timer_that_triggered_the_run_completes_at_once()
    {
        var workflow = new WorkflowJson()
            .Trigger("timer", "Elsa.Timer", ("interval", Literal("00:10:00")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("tick")))
            .Chain("timer", "after");
        var definition = workflow.Build();

        var result = await _harness.StartAsync(definition, triggerActivityId: "timer");

        Assert.Equal(["tick"], result.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
        var trigger = Assert.Single(definition.GetTriggers());
        Assert.Equal(("timer", "Elsa.Timer", TimeSpan.FromMinutes(10)), (trigger.ActivityId, trigger.ActivityType, trigger.Interval));
    }

    [Fact]
    public async Task Event_waits_for_its_event_and_exposes_the_payload_as_result()
    {
        var workflow = new WorkflowJson()
            .Variable("v-order", "Order", "Object")
            .Activity("wait", "Elsa.Event", ("eventName", Literal("OrderShipped")), ("result", OutputTo("v-order")))
            .Activity("after", "Elsa.WriteLine", ("text", Js("'shipped ' + getVariable('Order').id")))
            .Chain("wait", "after");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition);
        var bookmark = Assert.Single(started.State.Bookmarks);
        Assert.Equal("Elsa.Event", bookmark.Name);
        Assert.Equal(BookmarkHash.ForEvent("OrderShipped"), bookmark.Hash);
        Assert.Equal("OrderShipped", bookmark.Payload["eventName"]);

        var resumed = await _harness.ResumeAsync(definition, RoundTrip(started.State), bookmark.Id, new Dictionary<string, object?>
        {
            [WorkflowEngine.EventPayloadInputKey] = new Dictionary<string, object?> { ["id"] = "SO-1" },
        });

        Assert.Equal(["shipped SO-1"], resumed.Lines());
        Assert.Equal(new Dictionary<string, object?> { ["id"] = "SO-1" }, resumed.ActivityExecutions.Single(r => r.ActivityId == "wait").Outputs!["result"]);
    }

    [Fact]
    public async Task Event_that_triggered_the_run_completes_with_the_event_payload()
    {
        var workflow = new WorkflowJson()
            .Trigger("wait", "Elsa.Event", ("eventName", Literal("LeadCreated")))
            .Activity("after", "Elsa.WriteLine", ("text", Js("getOutputFrom('wait').name")))
            .Chain("wait", "after");
        var definition = workflow.Build();

        var result = await _harness.StartAsync(definition, new Dictionary<string, object?>
        {
            [WorkflowEngine.EventPayloadInputKey] = new Dictionary<string, object?> { ["name"] = "Contoso" },
        }, triggerActivityId: "wait");

        Assert.Equal(["Contoso"], result.Lines());
        Assert.Equal("LeadCreated", Assert.Single(definition.GetTriggers()).EventName);
    }

    [Fact]
    public async Task Event_marked_as_trigger_waits_in_a_manual_run()
    {
        var workflow = new WorkflowJson()
            .Activity("first", "Elsa.WriteLine", ("text", Literal("first")))
            .Trigger("wait", "Elsa.Event", ("eventName", Literal("Go")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Chain("first", "wait", "after");

        var result = await _harness.StartAsync(workflow.Build());

        // canStartWorkflow makes it the start even though "first" has no inbound connection (spec 1.2, rule 4).
        Assert.Empty(result.Lines());
        Assert.Equal(WorkflowSubStatus.Suspended, result.State.SubStatus);
    }

    [Fact]
    public async Task PublishEvent_is_reported_to_the_caller()
    {
        var workflow = new WorkflowJson()
            .Activity("publish", "Elsa.PublishEvent",
                ("eventName", Literal("Approved")),
                ("correlationId", Literal("order-5")),
                ("isLocalEvent", Literal("False")),
                ("payload", Object("{\"by\":\"ann\"}")))
            .Activity("local", "Elsa.PublishEvent", ("eventName", Literal("Ping")), ("isLocalEvent", Literal("True")))
            .Chain("publish", "local");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(2, result.PublishedEvents.Count);
        var global = result.PublishedEvents[0];
        Assert.Equal(("Approved", "order-5", null), (global.EventName, global.CorrelationId, global.TargetWorkflowInstanceId));
        Assert.Equal(new Dictionary<string, object?> { ["by"] = "ann" }, global.Payload);
        Assert.Equal(BookmarkHash.ForEvent("Approved"), global.BookmarkHash);
        Assert.Equal(("instance-1", "publish"), (global.SourceWorkflowInstanceId, global.SourceActivityId));
        Assert.Equal("instance-1", result.PublishedEvents[1].TargetWorkflowInstanceId);
    }

    [Fact]
    public async Task A_local_event_published_by_one_branch_resumes_the_Event_of_another()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Wait\",\"Publish\"]")))
            .Activity("wait", "Elsa.Event", ("eventName", Literal("Ready")))
            .Activity("publish", "Elsa.PublishEvent", ("eventName", Literal("Ready")), ("isLocalEvent", Literal("True")), ("payload", Literal("go")))
            .Activity("after", "Elsa.WriteLine", ("text", Js("'resumed with ' + getOutputFrom('wait')")))
            .Connect("fork", "wait", "Wait")
            .Connect("fork", "publish", "Publish")
            .Connect("wait", "after");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition);
        var published = Assert.Single(started.PublishedEvents);

        // What the caller does after saving the burst: find this instance's bookmarks with the event's hash.
        var bookmark = started.State.Bookmarks.Single(b => b.Hash == published.BookmarkHash);
        var resumed = await _harness.ResumeAsync(definition, started.State, bookmark.Id,
            new Dictionary<string, object?> { [WorkflowEngine.EventPayloadInputKey] = published.Payload });

        Assert.Equal(["resumed with go"], resumed.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
    }

    [Fact]
    public async Task Blocking_sdk_activity_resumes_with_the_resumer_input()
    {
        var workflow = new WorkflowJson()
            .Activity("approve", "Test.Approve", ("approver", Js("getInput('Manager')")))
            .Activity("yes", "Elsa.WriteLine", ("text", Js("'approved: ' + getOutputFrom('approve', 'comment')")))
            .Activity("no", "Elsa.WriteLine", ("text", Literal("rejected")))
            .Connect("approve", "yes", "Approved")
            .Connect("approve", "no", "Rejected");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition, new Dictionary<string, object?> { ["Manager"] = "ann" });
        var bookmark = Assert.Single(started.State.Bookmarks);
        Assert.Equal("HumanTask", bookmark.Name);
        Assert.Equal(42, bookmark.Payload["taskId"]);
        Assert.Equal(BookmarkHash.Compute("HumanTask", new Dictionary<string, object?> { ["approver"] = "ann", ["taskId"] = 42 }), bookmark.Hash);

        // The manager changes afterwards; the activity resumes with the inputs it started with.
        var state = RoundTrip(started.State);
        state.Input["Manager"] = "bob";
        var resumed = await _harness.ResumeAsync(definition, state, bookmark.Id,
            new Dictionary<string, object?> { ["decision"] = "approve", ["comment"] = "fine" });

        Assert.Equal(["approved: ann: fine"], resumed.Lines());
        var startedRecord = started.ActivityExecutions.Single(r => r.ActivityId == "approve");
        Assert.Equal(startedRecord.Id, resumed.ActivityExecutions.Single(r => r.ActivityId == "approve").Outputs!["executionId"]);
        Assert.Equal("fine", resumed.State.Input["comment"]); // resume input is merged into the workflow input, as in Elsa
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
    }

    [Fact]
    public async Task Sdk_trigger_completes_at_once_only_when_it_started_the_run()
    {
        var workflow = new WorkflowJson()
            .Trigger("signal", "Test.Signal")
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Chain("signal", "after");
        var definition = workflow.Build();

        var triggered = await _harness.StartAsync(definition, triggerActivityId: "signal");
        var manual = await _harness.StartAsync(definition);

        Assert.Equal(["after"], triggered.Lines());
        Assert.Equal(WorkflowSubStatus.Suspended, manual.State.SubStatus);
        Assert.Equal("Signal", manual.State.Bookmarks.Single().Name);
    }

    [Fact]
    public async Task State_survives_json_between_every_burst_of_a_long_workflow()
    {
        // Crash-restart at engine level: after every burst only the serialised state is kept.
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("wait", "Elsa.Delay", ("timeSpan", Literal("00:01:00")))
            .Activity("add", "Elsa.SetVariable", ("variable", VariableRef("v-sum", "Sum", "Decimal")), ("value", Js("getSum() + getVariable('CurrentValue')")))
            .Chain("wait", "add");
        var workflow = new WorkflowJson()
            .Variable("v-sum", "Sum", "Decimal", "0")
            .Variable("v-when", "When", "DateTime", "2026-01-01T00:00:00Z")
            .Variable("v-span", "Span", "TimeSpan", "00:00:30")
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Loop\",\"Approve\"]")))
            .Activity("loop", "Elsa.ForEach", ("items", Object("[1.5, 2, 3]")), ("body", body.Flowchart()))
            .Activity("approve", "Test.Approve", ("approver", Literal("ann")))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll")))
            .Activity("report", "Elsa.WriteLine", ("text", Js("getSum() + ' ' + getVariable('When').toISOString() + ' ' + getVariable('Span')")))
            .Connect("fork", "loop", "Loop")
            .Connect("fork", "approve", "Approve")
            .Connect("loop", "join")
            .Connect("approve", "join", "Approved")
            .Connect("join", "report");
        var definition = workflow.Build();

        var json = WorkflowStateSerializer.Serialize((await _harness.StartAsync(definition)).State);
        var lines = new List<string?>();
        for (var burst = 0; burst < 10; burst++)
        {
            var state = WorkflowStateSerializer.Deserialize(json);
            if (state.Status == WorkflowStatus.Finished)
            {
                break;
            }

            var bookmark = state.Bookmarks.OrderBy(b => b.Name == "HumanTask").First();
            var result = await _harness.ResumeAsync(definition, state, bookmark.Id, new Dictionary<string, object?> { ["decision"] = "approve" });
            lines.AddRange(result.Lines());
            json = WorkflowStateSerializer.Serialize(result.State);
        }

        var final = WorkflowStateSerializer.Deserialize(json);
        Assert.Equal(WorkflowSubStatus.Finished, final.SubStatus);
        Assert.Equal(["6.5 2026-01-01T00:00:00.000Z 00:00:30"], lines);
        Assert.Empty(final.ActivityExecutionContexts);
    }

    [Fact]
    public async Task Resuming_an_unknown_bookmark_or_a_finished_instance_throws()
    {
        var definition = new WorkflowJson().Activity("delay", "Elsa.Delay").Build();
        var started = await _harness.StartAsync(definition);
        var finished = await _harness.ResumeAsync(definition, started.State, started.State.Bookmarks[0].Id);

        await Assert.ThrowsAsync<Crm.Workflows.Runtime.Execution.WorkflowStateException>(() => _harness.ResumeAsync(definition, started.State, "nope"));
        await Assert.ThrowsAsync<Crm.Workflows.Runtime.Execution.WorkflowStateException>(() => _harness.ResumeAsync(definition, finished.State, "nope"));
    }

    [Fact]
    public async Task Delay_without_a_time_span_waits_one_minute()
    {
        var started = await _harness.StartAsync(new WorkflowJson().Activity("delay", "Elsa.Delay").Build());

        Assert.Equal(_harness.Clock.UtcNow.UtcDateTime.AddMinutes(1), started.State.Bookmarks.Single().ResumeAtUtc);
    }
}
