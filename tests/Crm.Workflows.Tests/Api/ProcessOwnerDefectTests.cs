using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Instances;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Api;

/// <summary>What process owners met drawing real processes in Studio (issue 12, items 20–25).</summary>
public sealed class ProcessOwnerDefectTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    private readonly InstanceApi _api = new(fx.Client);

    [Fact]
    public async Task Import_refuses_activity_types_this_server_does_not_know_and_names_them()
    {
        var definitionId = WorkflowApiFixture.NewDefinitionId();
        var model = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("fax", "Acme.SendFax", ("number", Literal("+86 21 5555 0000")))
            .Chain("start", "fax")
            .Definition();
        model["definitionId"] = definitionId;

        var response = await fx.Client.PostAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions/import", WorkflowApiFixture.Json(model));

        var problem = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadJson();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("fax").EnumerateArray()).GetString();
        Assert.Contains("Acme.SendFax", message);
        Assert.False(problem.GetProperty("errors").TryGetProperty("start", out _));
        await (await fx.Client.GetAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Execute_answers_GET_with_the_input_in_the_query_as_Elsa_does()
    {
        var definitionId = await _api.PublishAsync(Greeting());

        var response = await (await fx.Client.GetAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions/{definitionId}/execute?input={Uri.EscapeDataString("{\"name\":\"Ann\"}")}"))
            .ShouldHave(HttpStatusCode.OK);

        var id = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        Assert.Equal("Finished", (await response.ReadJson()).Str("subStatus"));
        Assert.Equal("hello Ann", await TextWrittenAsync(id, "greet"));
        var bad = await fx.Client.GetAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions/{definitionId}/execute?input=not-json");
        Assert.True((await (await bad.ShouldHave(HttpStatusCode.BadRequest)).ReadJson()).GetProperty("errors").TryGetProperty("input", out _));
    }

    [Fact]
    public async Task Publish_refuses_a_JavaScript_syntax_error_naming_the_activity_and_the_problem()
    {
        var model = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("greet", "Elsa.WriteLine", ("text", Js("'hello ' + getInput('name'")))
            .Chain("start", "greet")
            .Definition();
        model.Remove("id");
        model["definitionId"] = WorkflowApiFixture.NewDefinitionId();

        var response = await fx.PostSaveAsync(model, publish: true);

        var problem = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadJson();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("greet").EnumerateArray()).GetString()!;
        Assert.Contains("JavaScript", message);
        Assert.Contains("does not parse", message);
        Assert.Contains("line 1", message);
    }

    [Fact]
    public async Task A_run_that_faults_at_once_is_reported_as_not_started_and_its_incident_has_no_stack_trace()
    {
        var definitionId = await _api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("broken", "Elsa.WriteLine", ("text", Js("null.name")))
            .Chain("start", "broken"));

        var response = await (await _api.PostExecuteAsync(definitionId)).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("True", response.Headers.GetValues("x-elsa-workflow-cannot-start").Single());
        var id = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var state = (await _api.InstanceAsync(id)).GetProperty("workflowState");
        Assert.Equal("Faulted", state.Str("subStatus"));
        var incident = Assert.Single(state.GetProperty("incidents").EnumerateArray());
        Assert.Contains("JavaScript error", incident.Str("message"));
        Assert.True(!incident.GetProperty("exception").TryGetProperty("stackTrace", out var trace) || trace.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(" at ", incident.GetProperty("exception").GetRawText());

        var fine = await (await _api.PostExecuteAsync(await _api.PublishAsync(Greeting()), new JsonObject { ["input"] = new JsonObject { ["name"] = "Bo" } })).ShouldHave(HttpStatusCode.OK);
        Assert.Equal("False", fine.Headers.GetValues("x-elsa-workflow-cannot-start").Single());
    }

    [Fact]
    public async Task A_workflow_an_event_started_reads_the_payload_with_getInput()
    {
        var eventName = "paid-" + Guid.NewGuid().ToString("N")[..8];
        await _api.PublishAsync(new WorkflowJson()
            .Trigger("paid", "Elsa.Event", ("eventName", Literal(eventName)))
            .Activity("say", "Elsa.WriteLine", ("text", Js("'paid ' + getInput('amount') + ' ' + getInput('Currency')")))
            .Chain("paid", "say"));

        var triggered = await _api.PostAsync($"/events/{eventName}/trigger", new JsonObject { ["payload"] = new JsonObject { ["amount"] = 42, ["currency"] = "CNY" } });

        var id = Assert.Single(triggered.GetProperty("resumedInstanceIds").EnumerateArray()).GetString()!;
        Assert.Equal("paid 42 CNY", await TextWrittenAsync(id, "say"));
    }

    [Fact]
    public async Task Dates_turn_into_ISO_8601_text_in_scripts()
    {
        var definitionId = await _api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("say", "Elsa.WriteLine", ("text", Js("'Call back on ' + new Date(Date.UTC(2026, 11, 7, 9, 30))")))
            .Chain("start", "say"));

        var (id, _) = await _api.ExecuteAsync(definitionId);

        Assert.Equal("Call back on 2026-12-07T09:30:00.000Z", await TextWrittenAsync(id, "say"));
    }

    [Fact]
    public async Task JSON_inputs_are_kept_as_the_text_Studio_s_JSON_editor_shows()
    {
        const string thresholds = "[{\"above\": 10, \"approvers\": [\"role:Executive\"]}]";
        var model = new WorkflowJson()
            .Activity("approve", "Crm.RequestApproval", ("title", Literal("Discount")), ("thresholds", Object(thresholds)))
            .Definition();
        model.Remove("id");
        var definitionId = WorkflowApiFixture.NewDefinitionId();
        model["definitionId"] = definitionId;
        await fx.SaveAsync(model);

        var stored = await fx.GetJsonAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");

        var approve = stored.GetProperty("root").GetProperty("activities").EnumerateArray().Single();
        var expression = approve.GetProperty("thresholds").GetProperty("expression");
        Assert.Equal("Literal", expression.Str("type"));
        Assert.Equal(thresholds, expression.Str("value"));
        Assert.Equal("Literal", approve.GetProperty("title").GetProperty("expression").Str("type"));
    }

    [Fact]
    public async Task The_Test_tab_runs_one_activity_with_its_saved_inputs_and_leaves_no_instance()
    {
        var definitionId = await _api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("greet", "Elsa.WriteLine", ("text", Js("'hello ' + (1 + 2)")))
            .Activity("broken", "Elsa.WriteLine", ("text", Js("null.name")))
            .Chain("start", "greet", "broken"));

        var tested = await _api.PostAsync("/tests/activities", new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = definitionId, ["versionOptions"] = "Latest" },
            ["activityHandle"] = new JsonObject { ["activityNodeId"] = "Workflow1:root1:greet" },
        });
        var faulted = await _api.PostAsync("/tests/activities", new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = definitionId },
            ["activityHandle"] = new JsonObject { ["activityId"] = "broken" },
        });

        Assert.Equal("Completed", tested.Str("status"));
        Assert.Equal("hello 3", tested.GetProperty("activityState").Str("text"));
        Assert.Equal("Faulted", faulted.Str("status"));
        Assert.Contains("JavaScript error", faulted.GetProperty("exception").Str("message"));
        var instances = await _api.PostAsync("/workflow-instances", new JsonObject { ["definitionId"] = definitionId });
        Assert.Equal(0, instances.GetProperty("totalCount").GetInt32());
        var unknown = await fx.Client.PostAsync($"{WorkflowApiFixture.ApiBase}/tests/activities", WorkflowApiFixture.Json(new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = definitionId },
            ["activityHandle"] = new JsonObject { ["activityId"] = "nope" },
        }));
        await unknown.ShouldHave(HttpStatusCode.BadRequest);
    }

    private static WorkflowJson Greeting() => new WorkflowJson()
        .Activity("start", "Elsa.Start")
        .Activity("greet", "Elsa.WriteLine", ("text", Js("'hello ' + getInput('name')")))
        .Chain("start", "greet");

    private async Task<string?> TextWrittenAsync(string instanceId, string activityId)
    {
        var executions = await _api.GetAsync($"/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId=Workflow1:root1:{activityId}");
        return executions.GetProperty("items").EnumerateArray().Single().GetProperty("activityState").GetProperty("text").GetString();
    }
}
