using Crm.Workflows.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

public sealed class CoreActivityTests
{
    private readonly EngineHarness _harness = new();

    [Fact]
    public async Task Start_WriteLine_End_runs_in_order_and_finishes()
    {
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("hello", "Elsa.WriteLine", ("text", Literal("Hello")))
            .Activity("world", "Elsa.WriteLine", ("text", Literal("World")))
            .Activity("end", "Elsa.End")
            .Chain("start", "hello", "world", "end");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["Hello", "World"], result.Lines());
        Assert.Equal(WorkflowStatus.Finished, result.State.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
        Assert.Empty(result.State.ActivityExecutionContexts);
        Assert.Equal(_harness.Clock.UtcNow, result.State.FinishedAt);
    }

    [Fact]
    public async Task Journal_and_records_follow_the_studio_shapes()
    {
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("hello", "Elsa.WriteLine", ("text", Literal("Hello")))
            .Chain("start", "hello");

        var result = await _harness.StartAsync(workflow);

        var hello = result.Journal.Where(e => e.ActivityId == "hello").ToList();
        Assert.Equal(["Started", "Completed"], hello.Select(e => e.EventName));
        Assert.All(hello, e => Assert.Equal("Workflow1:root1:hello", e.NodeId));
        Assert.Equal(Enumerable.Range(1, result.Journal.Count).Select(i => (long)i), result.Journal.Select(e => e.Sequence));
        var flowchartRecord = Assert.Single(result.ActivityExecutions, r => r.ActivityType == "Elsa.Flowchart");
        Assert.Equal(flowchartRecord.Id, hello[0].ParentActivityInstanceId);
        var record = Assert.Single(result.ActivityExecutions, r => r.ActivityId == "hello");
        Assert.Equal(ActivityStatus.Completed, record.Status);
        Assert.Equal("Hello", record.ActivityState!["text"]);
        Assert.Equal(["Done"], (IEnumerable<string>)record.Payload!["Outcomes"]!);
        Assert.Equal(hello[0].ActivityInstanceId, record.Id);
        Assert.Equal(1, record.CallStackDepth);
    }

    [Fact]
    public async Task Start_is_chosen_even_when_it_is_not_first_and_other_roots_never_run()
    {
        var workflow = new WorkflowJson()
            .Activity("orphan", "Elsa.WriteLine", ("text", Literal("orphan")))
            .Activity("start", "Elsa.Start")
            .Activity("a", "Elsa.WriteLine", ("text", Literal("A")))
            .Connect("start", "a");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["A"], result.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task Without_a_Start_the_first_activity_without_inbound_connections_starts()
    {
        var workflow = new WorkflowJson()
            .Activity("b", "Elsa.WriteLine", ("text", Literal("B")))
            .Activity("a", "Elsa.WriteLine", ("text", Literal("A")))
            .Connect("a", "b");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["A", "B"], result.Lines());
    }

    [Fact]
    public async Task An_empty_flowchart_finishes_immediately()
    {
        var result = await _harness.StartAsync(new WorkflowJson());

        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task SetVariable_converts_the_value_to_the_declared_type()
    {
        var workflow = new WorkflowJson()
            .Variable("v-count", "Count", "Int32", "1")
            .Activity("set", "Elsa.SetVariable", ("variable", VariableRef("v-count", "Count", "Int32")), ("value", Literal("41")))
            .Activity("show", "Elsa.WriteLine", ("text", Js("getVariable('Count') + 1")))
            .Chain("set", "show");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(41, result.Variable("Count"));
        Assert.Equal(["42"], result.Lines());
    }

    [Fact]
    public async Task SetVariable_with_an_unknown_variable_faults()
    {
        var workflow = new WorkflowJson()
            .Activity("set", "Elsa.SetVariable", ("variable", VariableRef("missing", "Missing")), ("value", Literal("1")));

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Contains("Variable 'missing' not found", Assert.Single(result.State.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correlate_sets_the_correlation_id()
    {
        var workflow = new WorkflowJson()
            .Activity("correlate", "Elsa.Correlate", ("correlationId", Js("'order-' + getInput('OrderId')")))
            .Activity("show", "Elsa.WriteLine", ("text", Js("getCorrelationId()")))
            .Chain("correlate", "show");

        var result = await _harness.StartAsync(workflow, new Dictionary<string, object?> { ["OrderId"] = 7 });

        Assert.Equal("order-7", result.State.CorrelationId);
        Assert.Equal(["order-7"], result.Lines());
    }

    [Fact]
    public async Task End_completes_its_flowchart_and_cancels_the_other_branch()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Fast\",\"Slow\"]")))
            .Activity("end", "Elsa.End")
            .Activity("wait", "Elsa.Delay", ("timeSpan", Literal("01:00:00")))
            .Activity("late", "Elsa.WriteLine", ("text", Literal("late")))
            .Connect("fork", "wait", "Slow")
            .Connect("fork", "end", "Fast")
            .Connect("wait", "late");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
        Assert.Empty(result.Lines());
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.BookmarksCreated);
        Assert.Equal(ActivityStatus.Canceled, Assert.Single(result.ActivityExecutions, r => r.ActivityId == "wait").Status);
    }

    [Fact]
    public async Task Finish_ends_the_whole_workflow_from_inside_a_loop_body()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("say", "Elsa.WriteLine", ("text", Js("'item ' + getVariable('CurrentValue')")))
            .Activity("finish", "Elsa.Finish")
            .Chain("say", "finish");
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Loop\",\"Wait\"]")))
            .Activity("wait", "Elsa.Event", ("eventName", Literal("never")))
            .Activity("loop", "Elsa.ForEach", ("items", Object("[1,2,3]")), ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Connect("fork", "wait", "Wait")
            .Connect("fork", "loop", "Loop")
            .Connect("loop", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["item 1"], result.Lines());
        Assert.Equal(WorkflowStatus.Finished, result.State.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.State.ActivityExecutionContexts);
        Assert.Equal(ActivityStatus.Canceled, Assert.Single(result.ActivityExecutions, r => r.ActivityId == "wait").Status);
    }

    [Fact]
    public async Task Unknown_activity_types_fault_with_a_clear_message()
    {
        var workflow = new WorkflowJson().Activity("x", "Elsa.SendHttpRequest", ("url", Literal("https://example.com")));

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Equal("Activity type 'Elsa.SendHttpRequest' is not available on this server.", Assert.Single(result.Incidents).Message);
    }

    [Fact]
    public async Task Output_bound_to_a_variable_through_memoryReference_sets_it()
    {
        var workflow = new WorkflowJson()
            .Variable("v-item", "Item", "Object")
            .Activity("loop", "Elsa.ForEach", ("items", Object("[\"a\",\"b\"]")), ("currentValue", OutputTo("v-item")));

        var result = await _harness.StartAsync(workflow);

        // Without a body the loop only publishes the first item (Elsa's behaviour).
        Assert.Equal("a", result.Variable("Item"));
    }

    [Fact]
    public async Task Workflow_input_is_converted_to_the_declared_input_types()
    {
        var workflow = new WorkflowJson()
            .Input("Amount", "Decimal")
            .Activity("show", "Elsa.WriteLine", ("text", Js("typeof getInput('Amount') + ' ' + getAmount()")));

        var result = await _harness.StartAsync(workflow, new Dictionary<string, object?> { ["Amount"] = "12.5" });

        Assert.Equal(12.5m, result.State.Input["Amount"]);
        Assert.Equal(["number 12.5"], result.Lines());
    }
}
