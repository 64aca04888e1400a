using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Expressions;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>Incidents (exceptions, fault results, JavaScript errors and limits) and cancellation.</summary>
public sealed class FaultAndCancelTests
{
    private readonly EngineHarness _harness = new();

    private static WorkflowJson Around(string id, string type, params (string, System.Text.Json.Nodes.JsonNode?)[] inputs) => new WorkflowJson()
        .Activity("before", "Elsa.WriteLine", ("text", Literal("before")))
        .Activity(id, type, inputs)
        .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
        .Chain("before", id, "after");

    [Fact]
    public async Task Sdk_activity_with_inputs_outputs_and_outcomes_follows_its_outcome()
    {
        var workflow = new WorkflowJson()
            .Variable("v-g", "G", "String")
            .Activity("greet", "Test.Greet", ("person", Literal("Eve")), ("shout", Literal("True")), ("greeting", OutputTo("v-g", "String")))
            .Activity("loud", "Elsa.WriteLine", ("text", Js("'loud: ' + getVariable('G')")))
            .Activity("quiet", "Elsa.WriteLine", ("text", Literal("quiet")))
            .Connect("greet", "loud", "Loud")
            .Connect("greet", "quiet", "Quiet");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["loud: HELLO, EVE"], result.Lines());
        var record = result.ActivityExecutions.Single(r => r.ActivityId == "greet");
        Assert.Equal("HELLO, EVE", record.Outputs!["greeting"]);
        Assert.Equal(["Loud"], (IEnumerable<string>)record.Payload!["Outcomes"]!);
        Assert.Equal("HELLO, EVE", result.State.Output["LastGreeting"]);
    }

    [Fact]
    public async Task Exception_in_an_sdk_activity_is_an_incident_and_faults_the_workflow()
    {
        var result = await _harness.StartAsync(Around("boom", "Test.Explode"));

        Assert.Equal(["before"], result.Lines());
        Assert.Equal(WorkflowStatus.Finished, result.State.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        var incident = Assert.Single(result.State.Incidents);
        Assert.Equal(("boom", "Workflow1:root1:boom", "Test.Explode", "boom"), (incident.ActivityId, incident.ActivityNodeId, incident.ActivityType, incident.Message));
        Assert.Equal("System.InvalidOperationException", incident.Exception!.Type);
        Assert.Equal(_harness.Clock.UtcNow, incident.Timestamp);
        Assert.Equal("boom", result.State.Fault!.FaultedActivityId);
        var record = result.ActivityExecutions.Single(r => r.ActivityId == "boom");
        Assert.Equal(ActivityStatus.Faulted, record.Status);
        Assert.Equal(1, record.AggregateFaultCount);
        Assert.Equal(1, result.ActivityExecutions.Single(r => r.ActivityType == "Elsa.Flowchart").AggregateFaultCount);
        Assert.Contains(result.Journal, e => e.ActivityId == "boom" && e.EventName == "Faulted" && e.Message == "boom");
        Assert.Contains(result.State.ActivityExecutionContexts, c => c.ActivityId == "boom" && c.Status == ActivityStatus.Faulted);
    }

    [Fact]
    public async Task Fault_result_of_an_sdk_activity_is_an_incident()
    {
        var result = await _harness.StartAsync(Around("refuse", "Test.Refuse"));

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Equal("Credit limit exceeded", Assert.Single(result.Incidents).Message);
    }

    [Fact]
    public async Task JavaScript_error_faults_the_activity()
    {
        var result = await _harness.StartAsync(Around("bad", "Elsa.WriteLine", ("text", Js("undefinedThing.property"))));

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.StartsWith("JavaScript error: undefinedThing is not defined", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
        Assert.Equal(typeof(ExpressionEvaluationException).FullName, result.Incidents[0].Exception!.Type);
    }

    [Fact]
    public async Task JavaScript_syntax_error_faults_the_activity()
    {
        var result = await _harness.StartAsync(Around("bad", "Elsa.FlowDecision", ("condition", Js("if ("))));

        Assert.StartsWith("JavaScript syntax error", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JavaScript_infinite_loop_times_out_and_the_host_keeps_working()
    {
        var harness = EngineHarness.WithJavaScript(new JavaScriptOptions { Timeout = TimeSpan.FromMilliseconds(300), MaxStatements = 0 });
        var started = DateTime.UtcNow;

        var result = await harness.StartAsync(Around("spin", "Elsa.WriteLine", ("text", Js("while (true) {}"))));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.StartsWith("JavaScript expression ran longer than 0.3 s", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);

        var next = await harness.StartAsync(new WorkflowJson().Activity("ok", "Elsa.WriteLine", ("text", Js("'still fine'"))));
        Assert.Equal(["still fine"], next.Lines());
    }

    [Theory]
    [InlineData("while (true) {}", "maximum number of statements")]
    [InlineData("var a = []; while (true) { a.push('x'.repeat(10000) + a.length); }", "allocated")]
    [InlineData("function f() { return f(); } f()", "recursion")]
    [InlineData("var o = {}; for (var i = 0; i < 100000; i++) { o = { a: o }; } setVariable('Deep', o); 'x'", "nested deeper than 48 levels")]
    [InlineData("var o = {}; o.self = o; o", "nested deeper than 48 levels")]
    public async Task JavaScript_limits_fault_the_activity(string script, string expected)
    {
        // A generous timeout, so that on a busy machine the limit under test trips before the clock does.
        var harness = EngineHarness.WithJavaScript(new JavaScriptOptions { Timeout = TimeSpan.FromSeconds(30) });

        var result = await harness.StartAsync(Around("limit", "Elsa.WriteLine", ("text", Js(script))));

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Contains(expected, Assert.Single(result.Incidents).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')", "System is not defined")]
    [InlineData("importNamespace('System.IO')", "importNamespace is not defined")]
    [InlineData("new Function('return 1')()", "String compilation has been disabled")]
    public async Task JavaScript_cannot_reach_the_clr(string script, string expected)
    {
        var result = await _harness.StartAsync(Around("escape", "Elsa.WriteLine", ("text", Js(script))));

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Contains(expected, Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_faulted_workflow_drops_its_bookmarks_and_runs_nothing_else()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Wait\",\"Boom\",\"Later\"]")))
            .Activity("wait", "Elsa.Delay")
            .Activity("boom", "Test.Explode")
            .Activity("later", "Elsa.WriteLine", ("text", Literal("later")))
            .Connect("fork", "wait", "Wait")
            .Connect("fork", "boom", "Boom")
            .Connect("fork", "later", "Later");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Empty(result.Lines());
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.BookmarksCreated);
    }

    [Fact]
    public async Task ContinueWithIncidents_keeps_running_and_the_faulted_branch_blocks_completion()
    {
        var workflow = new WorkflowJson()
            .ContinueOnIncidents()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Boom\",\"Fine\"]")))
            .Activity("boom", "Test.Explode")
            .Activity("fine", "Elsa.WriteLine", ("text", Literal("fine")))
            .Connect("fork", "boom", "Boom")
            .Connect("fork", "fine", "Fine");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["fine"], result.Lines());
        Assert.Equal(WorkflowStatus.Running, result.State.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, result.State.SubStatus);
        Assert.Single(result.State.Incidents);
    }

    [Fact]
    public async Task Cancel_cancels_running_activities_and_removes_bookmarks()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"A\",\"B\"]")))
            .Activity("a", "Elsa.Delay")
            .Activity("b", "Elsa.Event", ("eventName", Literal("Go")))
            .Connect("fork", "a", "A")
            .Connect("fork", "b", "B");
        var started = await _harness.StartAsync(workflow);

        var cancelled = _harness.Engine.Cancel(FlowchartTests.RoundTrip(started.State));

        Assert.Equal(WorkflowStatus.Finished, cancelled.State.Status);
        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.State.SubStatus);
        Assert.Empty(cancelled.State.Bookmarks);
        Assert.Empty(cancelled.State.ActivityExecutionContexts);
        Assert.Equal(2, cancelled.BookmarksRemoved.Count);
        Assert.Equal(3, cancelled.ActivityExecutions.Count); // the root flowchart and both waiting activities
        Assert.All(cancelled.ActivityExecutions, r => Assert.Equal(ActivityStatus.Canceled, r.Status));
        Assert.All(cancelled.Journal, e => Assert.Equal("Canceled", e.EventName));
        Assert.Equal(started.State.ExecutionLogSequence + 3, cancelled.State.ExecutionLogSequence);

        var again = _harness.Engine.Cancel(cancelled.State);
        Assert.Empty(again.Journal);
        Assert.Equal(WorkflowSubStatus.Cancelled, again.State.SubStatus);
    }

    [Fact]
    public async Task Cancellation_token_aborts_the_burst_without_a_result()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var definition = new WorkflowJson().Activity("a", "Elsa.WriteLine", ("text", Literal("x"))).Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _harness.Engine.StartAsync(definition, new Dictionary<string, object?>(), null, "i", _harness.Services, cts.Token));
    }
}
