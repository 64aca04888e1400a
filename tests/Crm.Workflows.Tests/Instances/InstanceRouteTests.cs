using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>Running published workflows through the API and reading the instances back the way Studio does.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class InstanceRouteTests(WorkflowApiFixture fixture) : IClassFixture<WorkflowApiFixture>
{
    private readonly InstanceApi _api = new(fixture.Client);

    private static WorkflowJson FiveActivities() => new WorkflowJson()
        .Variable("v-greeting", "Greeting", "String")
        .Activity("start", "Elsa.Start")
        .Activity("set", "Elsa.SetVariable", ("variable", VariableRef("v-greeting", "Greeting", "String")), ("value", Js("'hello ' + getInput('Who')")))
        .Activity("decide", "Elsa.FlowDecision", ("condition", Js("getGreeting().startsWith('hello')")))
        .Activity("write", "Elsa.WriteLine", ("text", Js("getGreeting()")))
        .Activity("end", "Elsa.End")
        .Input("Who", "String")
        .Chain("start", "set", "decide")
        .Connect("decide", "write", "True")
        .Connect("write", "end");

    private static WorkflowJson WaitForEvent(string eventName) => new WorkflowJson()
        .Activity("start", "Elsa.Start")
        .Activity("wait", "Elsa.Event", ("eventName", Literal(eventName)))
        .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
        .Chain("start", "wait", "after");

    [Fact]
    public async Task A_published_flowchart_runs_to_the_end_and_every_instance_route_reads_it_back()
    {
        var definitionId = await _api.PublishAsync(FiveActivities());
        var (id, executed) = await _api.ExecuteAsync(definitionId, new JsonObject { ["input"] = new JsonObject { ["Who"] = "world" }, ["correlationId"] = "corr-" + definitionId });
        Assert.Equal(id, executed.Str("id"));
        Assert.Equal("Finished", executed.Str("status"));
        Assert.Equal("Finished", executed.Str("subStatus"));

        var instance = await _api.InstanceAsync(id);
        Assert.Equal(definitionId, instance.Str("definitionId"));
        Assert.Equal("corr-" + definitionId, instance.Str("correlationId"));
        Assert.Equal(0, instance.GetProperty("incidentCount").GetInt32());
        var state = instance.GetProperty("workflowState");
        Assert.Equal("Finished", state.Str("subStatus"));
        Assert.Empty(state.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, JsonValueKind(state, "completionCallbacks"));

        var list = await _api.PostAsync("/workflow-instances", new JsonObject { ["page"] = 0, ["pageSize"] = 10, ["definitionIds"] = new JsonArray(definitionId), ["statuses"] = new JsonArray("Finished") });
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(id, list.GetProperty("items")[0].Str("id"));
        var none = await _api.PostAsync("/workflow-instances", new JsonObject { ["definitionId"] = definitionId, ["subStatuses"] = new JsonArray("Suspended") });
        Assert.Equal(0, none.GetProperty("totalCount").GetInt32());
        var byCorrelation = await _api.PostAsync("/workflow-instances", new JsonObject { ["correlationId"] = "corr-" + definitionId, ["orderBy"] = "Finished" });
        Assert.Equal(1, byCorrelation.GetProperty("totalCount").GetInt32());

        var events = await _api.JournalEventsAsync(id);
        Assert.Contains("start:Started", events);
        Assert.Contains("write:Completed", events);
        Assert.Contains("end:Completed", events);
        var filtered = await _api.PostAsync($"/workflow-instances/{id}/journal?skip=0&take=100",
            new JsonObject { ["filter"] = new JsonObject { ["activityNodeIds"] = new JsonArray("Workflow1:root1:write"), ["excludedActivityTypes"] = new JsonArray("Elsa.Flowchart") } });
        Assert.All(filtered.GetProperty("items").EnumerateArray(), e => Assert.Equal("write", e.Str("activityId")));
        Assert.True(filtered.GetProperty("totalCount").GetInt32() >= 2);

        var variables = await _api.GetAsync($"/workflow-instances/{id}/variables");
        var greeting = variables.GetProperty("items").EnumerateArray().Single(v => v.Str("name") == "Greeting");
        Assert.Equal("hello world", greeting.Str("value"));

        var report = await _api.PostAsync("/activity-executions/report", new JsonObject { ["workflowInstanceId"] = id, ["activityNodeIds"] = new JsonArray("Workflow1:root1:set", "Workflow1:root1:write") });
        var stats = report.GetProperty("stats").EnumerateArray().ToList();
        Assert.Equal(2, stats.Count);
        Assert.All(stats, s => Assert.Equal(1, s.GetProperty("completedCount").GetInt32()));

        var summaries = await _api.GetAsync($"/activity-execution-summaries/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1:root1:write");
        var summary = summaries.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("Completed", summary.Str("status"));
        var executions = await _api.GetAsync($"/activity-executions/list?WorkflowInstanceId={id}");
        Assert.True(executions.GetProperty("count").GetInt32() >= 5);
        var record = await _api.GetAsync($"/activity-executions/by-id?id={summary.Str("id")}");
        Assert.Equal("Elsa.WriteLine", record.Str("activityType"));
        Assert.Equal("hello world", record.GetProperty("activityState").GetProperty("text").GetString());

        var executionState = await _api.GetAsync($"/workflow-instances/{id}/execution-state");
        Assert.Equal("Finished", executionState.Str("status"));
        Assert.Equal("Finished", executionState.Str("workflowSubStatus"));
    }

    [Fact]
    public async Task An_event_workflow_suspends_and_the_event_route_resumes_it()
    {
        var eventName = "Shipped-" + Guid.NewGuid().ToString("N");
        var definitionId = await _api.PublishAsync(WaitForEvent(eventName));
        var (id, executed) = await _api.ExecuteAsync(definitionId, new JsonObject { ["correlationId"] = "order-1" });
        Assert.Equal("Suspended", executed.Str("subStatus"));
        var bookmark = await _api.SingleBookmarkAsync(id);
        Assert.Equal("Elsa.Event", bookmark.Str("name"));

        // Another correlation does not wake it.
        var other = await _api.PostAsync($"/events/{eventName}/trigger", new JsonObject { ["correlationId"] = "order-2" });
        Assert.Equal(0, other.GetProperty("count").GetInt32());

        var triggered = await _api.PostAsync($"/events/{eventName}/trigger", new JsonObject { ["correlationId"] = "order-1", ["payload"] = new JsonObject { ["n"] = 1 } });
        Assert.Equal(id, triggered.GetProperty("resumedInstanceIds")[0].GetString());
        var instance = await _api.InstanceAsync(id);
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Contains("after:Completed", await _api.JournalEventsAsync(id));
    }

    [Fact]
    public async Task An_event_starts_the_published_workflows_whose_trigger_is_that_event()
    {
        var eventName = "Signed-" + Guid.NewGuid().ToString("N");
        var definitionId = await _api.PublishAsync(new WorkflowJson()
            .Trigger("on", "Elsa.Event", ("eventName", Literal(eventName)))
            .Activity("log", "Elsa.WriteLine", ("text", Literal("contract signed")))
            .Chain("on", "log"));

        var triggered = await _api.PostAsync($"/events/{eventName}/trigger", new JsonObject { ["correlationId"] = "contract-9" });

        var id = Assert.Single(triggered.GetProperty("resumedInstanceIds").EnumerateArray()).GetString()!;
        var instance = await _api.InstanceAsync(id);
        Assert.Equal(definitionId, instance.Str("definitionId"));
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Equal("contract-9", instance.Str("correlationId"));
        Assert.Contains("log:Completed", await _api.JournalEventsAsync(id));

        // Another event name starts nothing.
        var other = await _api.PostAsync($"/events/Other-{eventName}/trigger", new JsonObject());
        Assert.Equal(0, other.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_bookmark_route_resumes_one_bookmark_and_refuses_a_second_resume()
    {
        var definitionId = await _api.PublishAsync(WaitForEvent("Never"));
        var (id, _) = await _api.ExecuteAsync(definitionId);
        var bookmarkId = (await _api.SingleBookmarkAsync(id)).Str("id");

        var resumed = await _api.PostAsync($"/bookmarks/{bookmarkId}/resume", new JsonObject { ["input"] = new JsonObject { ["x"] = 1 } });
        Assert.Equal("Finished", resumed.Str("subStatus"));

        var again = await _api.Client.PostAsync($"{InstanceApi.ApiBase}/bookmarks/{bookmarkId}/resume", WorkflowApiFixture.Json(new JsonObject()));
        await again.ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Of_two_concurrent_resumes_of_one_bookmark_exactly_one_wins()
    {
        var definitionId = await _api.PublishAsync(WaitForEvent("Race"));
        var (id, _) = await _api.ExecuteAsync(definitionId);
        var bookmarkId = (await _api.SingleBookmarkAsync(id)).Str("id");

        var responses = await Task.WhenAll(
            _api.Client.PostAsync($"{InstanceApi.ApiBase}/bookmarks/{bookmarkId}/resume", WorkflowApiFixture.Json(new JsonObject())),
            _api.Client.PostAsync($"{InstanceApi.ApiBase}/bookmarks/{bookmarkId}/resume", WorkflowApiFixture.Json(new JsonObject())));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var events = await _api.JournalEventsAsync(id);
        Assert.Single(events, e => e == "wait:Resumed");
        Assert.Single(events, e => e == "after:Completed");
    }

    [Fact]
    public async Task A_one_second_delay_is_resumed_by_the_timer_job()
    {
        var definitionId = await _api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:00:01")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Chain("start", "delay", "after"));
        var (id, executed) = await _api.ExecuteAsync(definitionId);
        Assert.Equal("Suspended", executed.Str("subStatus"));
        Assert.Equal("Elsa.Delay", (await _api.SingleBookmarkAsync(id)).Str("name"));

        var instance = await _api.WaitForAsync(id, "Finished", TimeSpan.FromSeconds(15));
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Contains("after:Completed", await _api.JournalEventsAsync(id));
    }

    [Fact]
    public async Task Cancel_finishes_a_suspended_instance_and_refuses_a_finished_one()
    {
        var definitionId = await _api.PublishAsync(WaitForEvent("Cancelled"));
        var (id, _) = await _api.ExecuteAsync(definitionId);
        var bookmarkId = (await _api.SingleBookmarkAsync(id)).Str("id");

        var cancelled = await _api.PostAsync($"/cancel/workflow-instances/{id}", new JsonObject());
        Assert.Equal("Cancelled", cancelled.Str("subStatus"));
        Assert.Empty(cancelled.GetProperty("workflowState").GetProperty("bookmarks").EnumerateArray());
        Assert.Contains("wait:Canceled", await _api.JournalEventsAsync(id));

        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/cancel/workflow-instances/{id}", WorkflowApiFixture.Json(new JsonObject()))).ShouldHave(HttpStatusCode.Conflict);
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/bookmarks/{bookmarkId}/resume", WorkflowApiFixture.Json(new JsonObject()))).ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_faulted_run_shows_its_incident()
    {
        var definitionId = await _api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("boom", "Elsa.WriteLine", ("text", Js("throw new Error('boom')")))
            .Chain("start", "boom"));
        var (id, _) = await _api.ExecuteAsync(definitionId);

        var instance = await _api.InstanceAsync(id);
        Assert.Equal("Faulted", instance.Str("subStatus"));
        Assert.Equal(1, instance.GetProperty("incidentCount").GetInt32());
        var incident = instance.GetProperty("workflowState").GetProperty("incidents").EnumerateArray().Single();
        Assert.Equal("boom", incident.Str("activityId"));
    }

    [Fact]
    public async Task Delete_removes_the_instance()
    {
        var definitionId = await _api.PublishAsync(WaitForEvent("Deleted"));
        var (id, _) = await _api.ExecuteAsync(definitionId);

        await (await _api.Client.DeleteAsync($"{InstanceApi.ApiBase}/workflow-instances/{id}")).ShouldHave(HttpStatusCode.NoContent);
        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/workflow-instances/{id}")).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.DeleteAsync($"{InstanceApi.ApiBase}/workflow-instances/{id}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_inputs_are_problem_details()
    {
        await (await _api.PostExecuteAsync("no-such-definition")).ShouldHave(HttpStatusCode.NotFound);

        // A saved but unpublished definition does not run by default (Published).
        var draft = WorkflowApiFixture.NewDefinitionId();
        var model = FiveActivities().Definition();
        model.Remove("id");
        model["definitionId"] = draft;
        model["name"] = "Draft " + draft;
        await fixture.SaveAsync(model, publish: false);
        await (await _api.PostExecuteAsync(draft)).ShouldHave(HttpStatusCode.NotFound);

        var definitionId = await _api.PublishAsync(FiveActivities());
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/workflow-definitions/{definitionId}/execute", new StringContent("[1]", System.Text.Encoding.UTF8, "application/json")))
            .ShouldHave(HttpStatusCode.BadRequest);
        await (await _api.PostExecuteAsync(definitionId, new JsonObject { ["input"] = "nope" })).ShouldHave(HttpStatusCode.BadRequest);
        await (await _api.PostExecuteAsync(definitionId, new JsonObject { ["versionOptions"] = "Sometimes" })).ShouldHave(HttpStatusCode.BadRequest);
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/workflow-definitions/{definitionId}/execute", new StringContent("{", System.Text.Encoding.UTF8, "application/json")))
            .ShouldHave(HttpStatusCode.BadRequest);

        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/workflow-instances/nope")).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/workflow-instances/nope/journal")).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/workflow-instances/nope/variables")).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/workflow-instances/nope/execution-state")).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/cancel/workflow-instances/nope", WorkflowApiFixture.Json(new JsonObject()))).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/activity-executions/by-id?id=nope")).ShouldHave(HttpStatusCode.NotFound);
        await (await _api.Client.GetAsync($"{InstanceApi.ApiBase}/activity-executions/list")).ShouldHave(HttpStatusCode.BadRequest);
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/activity-executions/report", WorkflowApiFixture.Json(new JsonObject()))).ShouldHave(HttpStatusCode.BadRequest);
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/workflow-instances", WorkflowApiFixture.Json(new JsonObject { ["statuses"] = new JsonArray("Sleeping") }))).ShouldHave(HttpStatusCode.BadRequest);
        await (await _api.Client.PostAsync($"{InstanceApi.ApiBase}/workflow-instances", WorkflowApiFixture.Json(new JsonObject { ["orderBy"] = "Colour" }))).ShouldHave(HttpStatusCode.BadRequest);
        var resume = await _api.Client.PostAsync($"{InstanceApi.ApiBase}/bookmarks/nope/resume", WorkflowApiFixture.Json(new JsonObject()));
        await resume.ShouldHave(HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", resume.Content.Headers.ContentType?.MediaType);
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(System.Text.Json.JsonElement element, string property) => element.GetProperty(property).ValueKind;
}
