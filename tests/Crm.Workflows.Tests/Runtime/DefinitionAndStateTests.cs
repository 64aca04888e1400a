using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Core;
using Crm.Workflows.Runtime.Model;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>Reading definitions, the core descriptors, and the persisted state format.</summary>
public sealed class DefinitionAndStateTests
{
    private const string CapturedSaveRequest = """
        {"model":{"definitionId":"wf-approval","name":"Approval flow","toolVersion":"3.8.0.0","variables":[],"inputs":[],"outputs":[],
        "outcomes":[],"customProperties":{},"isReadonly":false,"options":{"activationStrategyType":null,"usableAsActivity":null,
        "autoUpdateConsumingWorkflows":false,"activityCategory":null,"incidentStrategyType":null,"commitStrategyName":null},
        "root":{"id":"root1","nodeId":"Workflow1:root1","name":"Flowchart1","type":"Elsa.Flowchart","version":1,"customProperties":{},"metadata":{},
        "activities":[
          {"id":"a2","nodeId":"Workflow1:root1:a2","name":"SendNotification1","type":"Crm.SendNotification","version":1,"customProperties":{},
           "metadata":{"designer":{"position":{"x":450,"y":40},"size":{"width":218.296875,"height":54}}},
           "recipient":{"typeName":"String","expression":{"type":"Literal","value":"bob"}}},
          {"id":"59b2ed01eb7be5a1","nodeId":"Workflow1:root1:59b2ed01eb7be5a1","name":"SendNotification2","type":"Crm.SendNotification","version":1,
           "metadata":{"designer":{"position":{"x":418.5,"y":285},"size":{"width":218.296875,"height":54}}},
           "recipient":{"typeName":null,"expression":{"type":"Literal","value":"carol@example.com"},"memoryReference":null},
           "body":{"typeName":null,"expression":{"type":"Literal","value":"Line one\nLine two"},"memoryReference":null},
           "urgent":{"typeName":null,"expression":{"type":"Literal","value":"True"},"memoryReference":null},
           "retries":{"typeName":null,"expression":{"type":"Literal","value":"3"},"memoryReference":null}},
          {"id":"a1","nodeId":"Workflow1:root1:a1","name":"RequestApproval1","type":"Tests.RequestApproval","version":1,"customProperties":{},
           "metadata":{"designer":{"position":{"x":100,"y":100},"size":{"width":219.859375,"height":54}}},
           "approver":{"typeName":"String","expression":{"type":"Literal","value":"alice@example.com"}},
           "amount":{"typeName":"Decimal","expression":{"type":"Literal","value":"1500"}},
           "channel":{"typeName":"String","expression":{"type":"Literal","value":"sms"},"memoryReference":null}}],
        "connections":[
          {"source":{"activity":"a1","port":"Rejected"},"target":{"activity":"59b2ed01eb7be5a1","port":"In"},"vertices":[]},
          {"source":{"activity":"a1","port":"Approved"},"target":{"activity":"a2","port":"In"},"vertices":[]}]},
        "links":null,"createdAt":"2026-11-22T19:47:00.213548+00:00","version":1,"isLatest":true,"isPublished":false,"id":"wf-approval-v1"},
        "publish":true}
        """;

    [Fact]
    public void The_captured_studio_save_request_parses()
    {
        var definition = WorkflowDefinitionModel.Parse(CapturedSaveRequest);

        Assert.Equal(("wf-approval", "wf-approval-v1", 1), (definition.DefinitionId, definition.Id, definition.Version));
        var flowchart = definition.Root.Flowchart!;
        Assert.Equal(["a2", "59b2ed01eb7be5a1", "a1"], flowchart.Activities.Select(a => a.Id));
        Assert.Equal("a1", flowchart.GetStartActivity(null)!.Id); // the only activity without inbound connections
        var notification = definition.FindByNodeId("Workflow1:root1:59b2ed01eb7be5a1")!;
        Assert.Equal(["recipient", "body", "urgent", "retries"], notification.Inputs.Keys);
        Assert.Null(notification.Body); // "body" is a wrapped input here, not an embedded activity
        Assert.Equal(new ExpressionModel("Literal", "Line one\nLine two", null), notification.Inputs["body"]);
        Assert.Equal(new ExpressionModel("Literal", "1500", "Decimal"), definition.FindById("a1")!.Inputs["amount"]);
        Assert.Equal("RequestApproval1", definition.FindById("a1")!.Name);
    }

    [Fact]
    public void Legacy_connection_forms_and_missing_ids_are_read()
    {
        var json = """
            {"definitionId":"legacy","root":{"type":"Elsa.Flowchart","activities":[
              {"type":"Elsa.WriteLine","text":"bare literal"},{"type":"Elsa.WriteLine","text":{"typeName":"String","expression":{"type":null,"value":"x"}}}],
              "connections":{"$values":[{"source":"WriteLine1","target":"WriteLine2","sourcePort":"Done","targetPort":"In"}]}},
             "unknownTopLevel":{"deep":[1,2,3]}}
            """;

        var definition = WorkflowDefinitionModel.Parse(json);

        var flowchart = definition.Root.Flowchart!;
        Assert.Equal(["WriteLine1", "WriteLine2"], flowchart.Activities.Select(a => a.Id));
        Assert.Equal("Workflow1:Flowchart1:WriteLine1", flowchart.Activities[0].NodeId);
        Assert.Equal(new ConnectionModel("WriteLine1", "Done", "WriteLine2", "In"), Assert.Single(flowchart.Connections));
        Assert.Equal(ExpressionModel.FromLiteral("bare literal"), flowchart.Activities[0].Inputs["text"]);
        Assert.Equal("Literal", flowchart.Activities[1].Inputs["text"].Type);
    }

    [Fact]
    public void Invalid_json_is_a_definition_error()
    {
        Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionModel.Parse("{not json"));
        Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionModel.Parse("[]"));
    }

    [Fact]
    public void Core_descriptors_carry_the_names_and_flags_Studio_keys_on()
    {
        var all = CoreActivityDescriptors.All.ToDictionary(d => d.TypeName);

        Assert.True(all["Elsa.Start"].IsStart);
        Assert.All(new[] { "Elsa.End", "Elsa.Break", "Elsa.Finish" }, t => Assert.True(all[t].IsTerminal));
        Assert.Equal((true, false, "Flow"), (all["Elsa.Flowchart"].IsContainer, all["Elsa.Flowchart"].IsBrowsable, all["Elsa.Flowchart"].Category));
        Assert.Equal(["True", "False"], all["Elsa.FlowDecision"].Ports.Select(p => p.Name));
        Assert.Equal(("Decision", "Branching"), (all["Elsa.FlowDecision"].DisplayName, all["Elsa.FlowDecision"].Category));
        Assert.Equal(("cases", "flow-switch-editor", false), (all["Elsa.FlowSwitch"].Inputs[0].Name, all["Elsa.FlowSwitch"].Inputs[0].UIHint, all["Elsa.FlowSwitch"].Inputs[0].IsWrapped));
        Assert.Equal(["Default"], all["Elsa.FlowSwitch"].Ports.Select(p => p.Name));
        Assert.Equal(("branches", "dynamic-outcomes"), (all["Elsa.FlowFork"].Inputs[0].Name, all["Elsa.FlowFork"].Inputs[0].UIHint));
        Assert.Equal("WaitAny", all["Elsa.FlowJoin"].Inputs.Single().DefaultValue);
        Assert.Equal(("variable", "variable-picker"), (all["Elsa.SetVariable"].Inputs[0].Name, all["Elsa.SetVariable"].Inputs[0].UIHint));
        Assert.All(new[] { "Elsa.ForEach", "Elsa.While", "Elsa.For", "Elsa.FlowNode" },
            t => Assert.Equal(new PortDescriptor("Body", "Body", PortDescriptor.Embedded), Assert.Single(all[t].Ports)));
        Assert.All(new[] { "Elsa.Timer", "Elsa.Event" }, t => Assert.Equal("Trigger", all[t].Kind));
        Assert.Equal(("Local event", "checkbox"), (all["Elsa.PublishEvent"].Inputs[2].DisplayName, all["Elsa.PublishEvent"].Inputs[2].UIHint));
        Assert.Equal(("Write Line", "Console"), (all["Elsa.WriteLine"].DisplayName, all["Elsa.WriteLine"].Category));
        Assert.Equal("00:01:00", all["Elsa.Delay"].Inputs.Single().DefaultValue);
        Assert.All(CoreActivityDescriptors.All, d => Assert.Equal("Elsa", d.Namespace));

        // The registry accepts core and SDK descriptors together.
        var registry = new ActivityRegistry(CoreActivityDescriptors.All.Concat([SdkActivityDescriber.Describe(typeof(GreetActivity), "Tests")]));
        Assert.Equal(CoreActivityDescriptors.All.Count + 1, registry.All.Count);
    }

    [Fact]
    public async Task A_suspended_state_round_trips_through_json_with_every_field()
    {
        var harness = new EngineHarness();
        var body = new WorkflowJson("body1", "Workflow1:root1:loop:body1")
            .Activity("approve", "Test.Approve", ("approver", Js("'mgr-' + getVariable('CurrentValue')")));
        var workflow = new WorkflowJson()
            .Variable("v-when", "When", "DateTimeOffset", "2026-05-01T10:00:00+02:00")
            .Variable("v-list", "List", "Int32", "[1,2]", isArray: true)
            .Activity("correlate", "Elsa.Correlate", ("correlationId", Literal("c-1")))
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"A\",\"B\"]")))
            .Activity("loop", "Elsa.ForEach", ("items", Object("[\"x\",\"y\"]")), ("body", body.Flowchart()))
            .Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:30:00")))
            .Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll")))
            .Connect("correlate", "fork")
            .Connect("fork", "loop", "A").Connect("fork", "delay", "B")
            .Connect("loop", "join").Connect("delay", "join");

        var result = await harness.StartAsync(workflow.Build(), new Dictionary<string, object?> { ["n"] = 5, ["tags"] = new List<object?> { "a" } });
        var json = WorkflowStateSerializer.Serialize(result.State);
        var back = WorkflowStateSerializer.Deserialize(json);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(WorkflowStateSerializer.Serialize(back))));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("Running", root.GetProperty("status").GetString());
        Assert.Equal("Suspended", root.GetProperty("subStatus").GetString());
        Assert.Equal("c-1", root.GetProperty("correlationId").GetString());
        Assert.Equal(2, root.GetProperty("bookmarks").GetArrayLength());
        Assert.Equal(
            ["Elsa.Flowchart", "Elsa.ForEach", "Elsa.Delay", "Elsa.Flowchart", "Test.Approve"],
            root.GetProperty("activityExecutionContexts").EnumerateArray().Select(c => c.GetProperty("activityType").GetString()));
        var flowScope = root.GetProperty("activityExecutionContexts")[0].GetProperty("flowScope");
        Assert.Equal(3, flowScope.GetProperty("connectionVisitCount").EnumerateObject().Count());
        Assert.Equal(1, root.GetProperty("activityExecutionContexts")[1].GetProperty("loop").GetProperty("index").GetInt64());
        Assert.Equal("2026-05-01T10:00:00+02:00", root.GetProperty("variables")[0].GetProperty("value").GetString());

        // The deserialised copy continues exactly like the original.
        var definition = workflow.Build();
        var approveBookmark = back.Bookmarks.Single(b => b.Name == "HumanTask");
        Assert.Equal("mgr-x", approveBookmark.Payload["approver"]?.ToString());
        var resumed = await harness.ResumeAsync(definition, back, approveBookmark.Id, new Dictionary<string, object?> { ["decision"] = "approve" });
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)), resumed.Variable("When"));
        Assert.Equal([1, 2], (int[])resumed.Variable("List")!);
        Assert.Equal("mgr-y", resumed.State.Bookmarks.Single(b => b.Name == "HumanTask").Payload["approver"]);
    }

    [Fact]
    public void Bookmark_hashes_ignore_key_order_and_number_representation()
    {
        var a = BookmarkHash.Compute("HumanTask", new Dictionary<string, object?> { ["taskId"] = 42, ["approver"] = "ann" });
        var b = BookmarkHash.Compute("HumanTask", new Dictionary<string, object?> { ["approver"] = "ann", ["taskId"] = 42m });
        var c = BookmarkHash.Compute("HumanTask", new Dictionary<string, object?> { ["approver"] = "bob", ["taskId"] = 42 });

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void Sdk_descriptor_of_the_test_activity_is_what_the_engine_types_inputs_with()
    {
        var descriptor = SdkActivityDescriber.Describe(typeof(GreetActivity), "Tests");

        Assert.Equal("Test.Greet", descriptor.TypeName);
        Assert.Equal(["Loud", "Quiet"], descriptor.Ports.Select(p => p.Name));
        Assert.Equal(typeof(decimal), descriptor.Inputs.Single(i => i.Name == "amount").ClrType);
        Assert.Equal(UIHints.Dropdown, descriptor.Inputs.Single(i => i.Name == "channel").UIHint);
    }

    [Fact]
    public void Workflow_json_helper_writes_the_studio_shape()
    {
        var json = new WorkflowJson().Activity("a", "Elsa.WriteLine", ("text", Literal("x"))).Definition();

        var activity = json["root"]!["activities"]![0]!;
        Assert.Equal("Workflow1:root1:a", activity["nodeId"]!.GetValue<string>());
        Assert.Null(activity["text"]!["typeName"]);
        Assert.Equal("Literal", activity["text"]!["expression"]!["type"]!.GetValue<string>());
        Assert.IsType<JsonObject>(activity["metadata"]!["designer"]);
    }
}
