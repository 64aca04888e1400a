using Crm.Workflows.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>Counter-mode flowchart semantics: order, forks, explicit and implicit joins, dead paths, loops.</summary>
public sealed class FlowchartTests
{
    private readonly EngineHarness _harness = new();

    private static (string, System.Text.Json.Nodes.JsonNode?) Text(string text) => ("text", Literal(text));

    [Fact]
    public async Task Siblings_run_breadth_first_in_connection_order()
    {
        // Elsa's ForkDecisionJoinTests: connections A→C, A→B, A→D print A, C, B, D.
        var workflow = new WorkflowJson()
            .Activity("a", "Elsa.WriteLine", Text("A"))
            .Activity("b", "Elsa.WriteLine", Text("B"))
            .Activity("c", "Elsa.WriteLine", Text("C"))
            .Activity("d", "Elsa.WriteLine", Text("D"))
            .Connect("a", "c").Connect("a", "b").Connect("a", "d");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["A", "C", "B", "D"], result.Lines());
    }

    [Fact]
    public async Task Fork_into_FlowJoin_WaitAll_runs_the_join_once_after_both_branches()
    {
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Left\",\"Right\"]")))
            .Activity("left", "Elsa.WriteLine", Text("left"))
            .Activity("right1", "Elsa.WriteLine", Text("right 1"))
            .Activity("right2", "Elsa.WriteLine", Text("right 2"))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll")))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("start", "fork")
            .Connect("fork", "left", "Left")
            .Connect("fork", "right1", "Right")
            .Chain("right1", "right2")
            .Connect("left", "join")
            .Connect("right2", "join")
            .Connect("join", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["left", "right 1", "right 2", "after"], result.Lines());
        Assert.Equal(1, result.Executions("join"));
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task FlowJoin_WaitAny_continues_on_the_first_branch_and_cancels_the_waiting_one()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Slow\",\"Fast\"]")))
            .Activity("slow", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00")))
            .Activity("slowDone", "Elsa.WriteLine", Text("slow"))
            .Activity("fast", "Elsa.WriteLine", Text("fast"))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAny")))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("fork", "slow", "Slow")
            .Connect("fork", "fast", "Fast")
            .Connect("slow", "slowDone")
            .Connect("slowDone", "join")
            .Connect("fast", "join")
            .Connect("join", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["fast", "after"], result.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.BookmarksCreated); // created and cancelled within the burst: nothing for the store
        Assert.Equal(ActivityStatus.Canceled, Assert.Single(result.ActivityExecutions, r => r.ActivityId == "slow").Status);
        Assert.Equal(1, result.Executions("join"));
        Assert.Equal(0, result.Executions("slowDone"));
    }

    [Fact]
    public async Task FlowJoin_WaitAny_cancels_a_branch_suspended_in_an_earlier_burst()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"Timer\",\"Event\"]")))
            .Activity("timer", "Elsa.Delay", ("timeSpan", Literal("00:10:00")))
            .Activity("event", "Elsa.Event", ("eventName", Literal("Paid")))
            .Activity("join", "Elsa.FlowJoin")
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("fork", "timer", "Timer")
            .Connect("fork", "event", "Event")
            .Connect("timer", "join")
            .Connect("event", "join")
            .Connect("join", "after");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition);
        Assert.Equal(WorkflowSubStatus.Suspended, started.State.SubStatus);
        Assert.Equal(2, started.State.Bookmarks.Count);

        var eventBookmark = started.State.Bookmarks.Single(b => b.Name == "Elsa.Event");
        var resumed = await _harness.ResumeAsync(definition, started.State, eventBookmark.Id);

        Assert.Equal(["after"], resumed.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
        Assert.Equal(2, resumed.BookmarksRemoved.Count);
        Assert.Equal(ActivityStatus.Canceled, Assert.Single(resumed.ActivityExecutions, r => r.ActivityId == "timer").Status);
    }

    [Theory]
    [InlineData(true, "yes")]
    [InlineData(false, "no")]
    public async Task Decision_branches_merging_into_one_node_run_it_exactly_once(bool condition, string branch)
    {
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("decide", "Elsa.FlowDecision", ("condition", Literal(condition ? "True" : "False")))
            .Activity("yes", "Elsa.WriteLine", Text("yes"))
            .Activity("no", "Elsa.WriteLine", Text("no"))
            .Activity("merge", "Elsa.WriteLine", Text("merge"))
            .Activity("end", "Elsa.End")
            .Connect("start", "decide")
            .Connect("decide", "yes", "True")
            .Connect("decide", "no", "False")
            .Connect("yes", "merge")
            .Connect("no", "merge")
            .Connect("merge", "end");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal([branch, "merge"], result.Lines());
        Assert.Equal(1, result.Executions("merge"));
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task Decision_with_both_ports_on_the_same_End_finishes()
    {
        // Elsa's decision-merge-join-none.json.
        var workflow = new WorkflowJson()
            .Activity("decide", "Elsa.FlowDecision", ("condition", Literal(false)))
            .Activity("end", "Elsa.End")
            .Connect("decide", "end", "True")
            .Connect("decide", "end", "False");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
        Assert.Equal(1, result.Executions("end"));
    }

    [Fact]
    public async Task Implicit_join_after_a_fork_waits_for_every_branch()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"A\",\"B\"]")))
            .Activity("a", "Elsa.WriteLine", Text("A"))
            .Activity("b1", "Elsa.WriteLine", Text("B1"))
            .Activity("b2", "Elsa.WriteLine", Text("B2"))
            .Activity("merge", "Elsa.WriteLine", Text("merge"))
            .Connect("fork", "a", "A")
            .Connect("fork", "b1", "B")
            .Chain("b1", "b2")
            .Connect("a", "merge")
            .Connect("b2", "merge");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["A", "B1", "B2", "merge"], result.Lines());
    }

    [Fact]
    public async Task Implicit_join_waits_for_a_suspended_branch_across_bursts()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"A\",\"B\"]")))
            .Activity("a", "Elsa.WriteLine", Text("A"))
            .Activity("wait", "Elsa.Delay", ("timeSpan", Literal("00:05:00")))
            .Activity("merge", "Elsa.WriteLine", Text("merge"))
            .Connect("fork", "a", "A")
            .Connect("fork", "wait", "B")
            .Connect("a", "merge")
            .Connect("wait", "merge");
        var definition = workflow.Build();

        var started = await _harness.StartAsync(definition);
        Assert.Equal(["A"], started.Lines());
        Assert.Equal(WorkflowSubStatus.Suspended, started.State.SubStatus);

        var resumed = await _harness.ResumeAsync(definition, started.State, started.State.Bookmarks.Single().Id);

        Assert.Equal(["merge"], resumed.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
    }

    [Fact]
    public async Task FlowJoin_WaitAll_with_a_dead_branch_is_skipped_and_the_workflow_finishes()
    {
        // Counter mode: the dead branch propagates "not followed", the WaitAll join is skipped, so is what follows.
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("a", "Elsa.WriteLine", Text("A"))
            .Activity("decide", "Elsa.FlowDecision", ("condition", Literal("False")))
            .Activity("b", "Elsa.WriteLine", Text("B"))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll")))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("start", "a")
            .Connect("start", "decide")
            .Connect("decide", "b", "True")
            .Connect("a", "join")
            .Connect("b", "join")
            .Connect("join", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["A"], result.Lines());
        Assert.Equal(0, result.Executions("join"));
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task FlowJoin_WaitAllActive_runs_after_the_live_branches_only()
    {
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("a", "Elsa.WriteLine", Text("A"))
            .Activity("decide", "Elsa.FlowDecision", ("condition", Literal("False")))
            .Activity("b", "Elsa.WriteLine", Text("B"))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAllActive")))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("start", "a")
            .Connect("start", "decide")
            .Connect("decide", "b", "True")
            .Connect("a", "join")
            .Connect("b", "join")
            .Connect("join", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["A", "after"], result.Lines());
    }

    [Fact]
    public async Task WaitAny_joins_feeding_a_WaitAny_join_run_the_end_once()
    {
        // After Elsa's join-any-1.json: prints Start; End once.
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.WriteLine", Text("Start"))
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"1\",\"2\",\"3\",\"4\"]")))
            .Activity("j1", "Elsa.FlowJoin", ("mode", Literal("WaitAny")))
            .Activity("j2", "Elsa.FlowJoin", ("mode", Literal("WaitAny")))
            .Activity("j3", "Elsa.FlowJoin", ("mode", Literal("WaitAny")))
            .Activity("end", "Elsa.WriteLine", Text("End"))
            .Connect("start", "fork")
            .Connect("fork", "j1", "1").Connect("fork", "j1", "2")
            .Connect("fork", "j2", "3").Connect("fork", "j2", "4")
            .Connect("j1", "j3").Connect("j2", "j3")
            .Connect("j3", "end");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["Start", "End"], result.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Theory]
    [InlineData("MatchFirst", 15, new[] { "big" })]
    [InlineData("MatchAny", 15, new[] { "big", "odd" })]
    [InlineData("MatchFirst", 4, new[] { "default" })]
    public async Task FlowSwitch_continues_on_matching_cases_or_Default(string mode, int number, string[] expected)
    {
        var workflow = new WorkflowJson()
            .Activity("switch", "Elsa.FlowSwitch",
                ("cases", Cases(("Big", "getInput('n') > 10"), ("Odd", "getInput('n') % 2 === 1"))),
                ("mode", Literal(mode)))
            .Activity("big", "Elsa.WriteLine", Text("big"))
            .Activity("odd", "Elsa.WriteLine", Text("odd"))
            .Activity("default", "Elsa.WriteLine", Text("default"))
            .Connect("switch", "big", "Big")
            .Connect("switch", "odd", "Odd")
            .Connect("switch", "default", "Default");

        var result = await _harness.StartAsync(workflow, new Dictionary<string, object?> { ["n"] = number });

        Assert.Equal(expected, result.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task Back_edge_loop_increments_a_counter_until_the_condition_is_false()
    {
        var workflow = new WorkflowJson()
            .Variable("v-counter", "Counter", "Int32", "0")
            .Activity("start", "Elsa.Start")
            .Activity("inc", "Elsa.SetVariable", ("variable", VariableRef("v-counter", "Counter", "Int32")), ("value", Js("getCounter() + 1")))
            .Activity("say", "Elsa.WriteLine", ("text", Js("'pass ' + variables.Counter")))
            .Activity("again", "Elsa.FlowDecision", ("condition", Js("getVariable('Counter') < 3")))
            .Activity("done", "Elsa.WriteLine", Text("done"))
            .Activity("end", "Elsa.End")
            .Chain("start", "inc", "say", "again")
            .Connect("again", "inc", "True")
            .Connect("again", "done", "False")
            .Connect("done", "end");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["pass 1", "pass 2", "pass 3", "done"], result.Lines());
        Assert.Equal(3, result.Variable("Counter"));
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task Implicit_loop_from_Elsa_import_tests_prints_the_expected_lines()
    {
        // After Elsa's ImportAndExecute implicit-loop.json (counter mode): Do something, Retry, Do something, Done.
        var workflow = new WorkflowJson()
            .Variable("v-attempt", "Attempt", "Int32", "0")
            .Activity("work", "Elsa.WriteLine", Text("Do something"))
            .Activity("inc", "Elsa.SetVariable", ("variable", VariableRef("v-attempt", "Attempt", "Int32")), ("value", Js("getAttempt() + 1")))
            .Activity("check", "Elsa.FlowDecision", ("condition", Js("return getAttempt() >= 2;")))
            .Activity("retry", "Elsa.WriteLine", Text("Retry"))
            .Activity("done", "Elsa.WriteLine", Text("Done"))
            .Chain("work", "inc", "check")
            .Connect("check", "retry", "False")
            .Connect("retry", "work")
            .Connect("check", "done", "True");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["Do something", "Retry", "Do something", "Done"], result.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task Joins_below_a_loop_keep_working_across_iterations()
    {
        // The loop body forks and joins; the join must run once per iteration.
        var workflow = new WorkflowJson()
            .Variable("v-i", "I", "Int32", "0")
            .Activity("head", "Elsa.SetVariable", ("variable", VariableRef("v-i", "I", "Int32")), ("value", Js("getI() + 1")))
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"L\",\"R\"]")))
            .Activity("l", "Elsa.WriteLine", ("text", Js("'L' + getI()")))
            .Activity("r", "Elsa.WriteLine", ("text", Js("'R' + getI()")))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll")))
            .Activity("check", "Elsa.FlowDecision", ("condition", Js("getI() < 2")))
            .Connect("head", "fork")
            .Connect("fork", "l", "L").Connect("fork", "r", "R")
            .Connect("l", "join").Connect("r", "join")
            .Connect("join", "check")
            .Connect("check", "head", "True");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["L1", "R1", "L2", "R2"], result.Lines());
        Assert.Equal(2, result.Executions("join"));
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task A_back_edge_that_skips_its_loop_head_faults_when_followed()
    {
        // b → a2 is a back edge, but the path start → a1 → b reaches b without passing a2: not a natural loop.
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("a1", "Elsa.WriteLine", Text("a1"))
            .Activity("a2", "Elsa.WriteLine", Text("a2"))
            .Activity("b", "Elsa.FlowDecision", ("condition", Literal("True")))
            .Connect("start", "a1").Connect("start", "a2")
            .Connect("a1", "b").Connect("a2", "b")
            .Connect("b", "a2", "True");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.StartsWith("Invalid backward connection", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loop_that_never_waits_is_stopped_by_the_burst_limit()
    {
        var harness = new EngineHarness(new WorkflowEngineOptions { MaxActivityExecutionsPerBurst = 200 });
        var workflow = new WorkflowJson()
            .Activity("a", "Elsa.WriteLine", Text("spin"))
            .Activity("again", "Elsa.FlowDecision", ("condition", Literal("True")))
            .Connect("a", "again")
            .Connect("again", "a", "True");

        var result = await harness.StartAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.State.SubStatus);
        Assert.Contains("More than 200 activity executions", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForEach_runs_its_body_per_item_with_CurrentValue_and_CurrentIndex()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("say", "Elsa.WriteLine", ("text", Js("getVariable('CurrentIndex') + ':' + getVariable('CurrentValue').name")))
            .Activity("sum", "Elsa.SetVariable", ("variable", VariableRef("v-total", "Total", "Decimal")), ("value", Js("getTotal() + getVariable('CurrentValue').amount")))
            .Chain("say", "sum");
        var workflow = new WorkflowJson()
            .Variable("v-total", "Total", "Decimal", "0")
            .Activity("loop", "Elsa.ForEach", ("items", Js("getInput('Lines')")), ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", ("text", Js("'total ' + getTotal()")))
            .Connect("loop", "after");
        var lines = new List<object?>
        {
            new Dictionary<string, object?> { ["name"] = "a", ["amount"] = 1.5m },
            new Dictionary<string, object?> { ["name"] = "b", ["amount"] = 2 },
        };

        var result = await _harness.StartAsync(workflow, new Dictionary<string, object?> { ["Lines"] = lines });

        Assert.Equal(["0:a", "1:b", "total 3.5"], result.Lines());
        Assert.Equal(3.5m, result.Variable("Total"));
        Assert.Equal(2, result.Executions("body1"));
        Assert.Equal("Workflow1:root1:loop:body1:say", result.Journal.First(e => e.ActivityId == "say").NodeId);
    }

    [Fact]
    public async Task ForEach_over_a_literal_JSON_list_and_Break_leaves_the_loop()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("check", "Elsa.FlowDecision", ("condition", Js("getVariable('CurrentValue') === 'stop'")))
            .Activity("say", "Elsa.WriteLine", ("text", Js("getVariable('CurrentValue')")))
            .Activity("break", "Elsa.Break")
            .Connect("check", "say", "False")
            .Connect("check", "break", "True");
        var workflow = new WorkflowJson()
            .Activity("loop", "Elsa.ForEach", ("items", Literal("[\"a\",\"b\",\"stop\",\"c\"]")), ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("loop", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["a", "b", "after"], result.Lines());
    }

    [Fact]
    public async Task While_runs_its_body_while_the_condition_holds()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("inc", "Elsa.SetVariable", ("variable", VariableRef("v-n", "N", "Int32")), ("value", Js("getN() + 1")))
            .Activity("say", "Elsa.WriteLine", ("text", Js("'n=' + getN()")))
            .Chain("inc", "say");
        var workflow = new WorkflowJson()
            .Variable("v-n", "N", "Int32", "0")
            .Activity("loop", "Elsa.While", ("condition", Js("getN() < 3")), ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("loop", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["n=1", "n=2", "n=3", "after"], result.Lines());
    }

    [Fact]
    public async Task For_counts_from_start_to_end_inclusive()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("say", "Elsa.WriteLine", ("text", Js("'i=' + getVariable('CurrentValue')")));
        var workflow = new WorkflowJson()
            .Activity("loop", "Elsa.For", ("start", Literal("1")), ("end", Literal("7")), ("step", Literal("3")), ("body", body.Flowchart()));

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["i=1", "i=4", "i=7"], result.Lines());
    }

    [Fact]
    public async Task A_body_that_suspends_continues_the_loop_after_resume()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("wait", "Elsa.Event", ("eventName", Js("'item-' + getVariable('CurrentValue')")))
            .Activity("say", "Elsa.WriteLine", ("text", Js("'got ' + getVariable('CurrentValue')")))
            .Chain("wait", "say");
        var workflow = new WorkflowJson()
            .Activity("loop", "Elsa.ForEach", ("items", Object("[1,2]")), ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("loop", "after");
        var definition = workflow.Build();

        var first = await _harness.StartAsync(definition);
        Assert.Equal(BookmarkHash.ForEvent("item-1"), first.State.Bookmarks.Single().Hash);

        var second = await _harness.ResumeAsync(definition, RoundTrip(first.State), first.State.Bookmarks.Single().Id);
        Assert.Equal(["got 1"], second.Lines());
        Assert.Equal(BookmarkHash.ForEvent("item-2"), second.State.Bookmarks.Single().Hash);

        var third = await _harness.ResumeAsync(definition, RoundTrip(second.State), second.State.Bookmarks.Single().Id);
        Assert.Equal(["got 2", "after"], third.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, third.State.SubStatus);
    }

    [Fact]
    public async Task FlowNode_runs_its_body()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:node:body1").Activity("say", "Elsa.WriteLine", Text("inside"));
        var workflow = new WorkflowJson()
            .Activity("node", "Elsa.FlowNode", ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("node", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["inside", "after"], result.Lines());
    }

    [Fact]
    public async Task Elsa_Fork_in_a_flowchart_is_read_as_FlowFork()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.Fork", ("branches", Object("[\"X\",\"Y\"]")))
            .Activity("x", "Elsa.WriteLine", Text("x"))
            .Activity("y", "Elsa.WriteLine", Text("y"))
            .Connect("fork", "x", "X")
            .Connect("fork", "y", "Y");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["x", "y"], result.Lines());
    }

    [Fact]
    public async Task FlowFork_without_branches_continues_on_Done()
    {
        var workflow = new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork")
            .Activity("x", "Elsa.WriteLine", Text("x"))
            .Connect("fork", "x");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["x"], result.Lines());
    }

    [Fact]
    public async Task End_inside_a_loop_body_only_ends_that_iteration()
    {
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("say", "Elsa.WriteLine", ("text", Js("'item ' + getVariable('CurrentValue')")))
            .Activity("end", "Elsa.End")
            .Activity("never", "Elsa.WriteLine", Text("never"))
            .Chain("say", "end", "never");
        var workflow = new WorkflowJson()
            .Activity("loop", "Elsa.ForEach", ("items", Object("[1,2]")), ("body", body.Flowchart()))
            .Activity("after", "Elsa.WriteLine", Text("after"))
            .Connect("loop", "after");

        var result = await _harness.StartAsync(workflow);

        Assert.Equal(["item 1", "item 2", "after"], result.Lines());
    }

    [Fact]
    public async Task Merge_mode_is_ignored_in_counter_mode()
    {
        // Token mode with mergeMode "Merge" would never run C here (its other inbound path is dead); counter mode does.
        var workflow = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("a", "Elsa.WriteLine", Text("A"))
            .Activity("decide", "Elsa.FlowDecision", ("condition", Literal("False")))
            .Activity("b", "Elsa.WriteLine", Text("B"))
            .Activity("c", "Elsa.WriteLine", Text("C"))
            .Connect("start", "a").Connect("start", "decide")
            .Connect("decide", "b", "True")
            .Connect("a", "c").Connect("b", "c");
        var json = workflow.Definition();
        json["root"]!["activities"]![4]!["customProperties"]!["mergeMode"] = "Merge";

        var result = await _harness.StartAsync(Crm.Workflows.Runtime.Model.WorkflowDefinitionModel.Parse(json));

        Assert.Equal(["A", "C"], result.Lines());
    }

    internal static WorkflowState RoundTrip(WorkflowState state) => WorkflowStateSerializer.Deserialize(WorkflowStateSerializer.Serialize(state));
}
