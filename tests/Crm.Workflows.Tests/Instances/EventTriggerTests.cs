using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>An SDK trigger (<c>IEventTrigger&lt;TEvent&gt;</c>) starts published workflows when its integration event is dispatched.</summary>
public sealed class EventTriggerTests
{
    [Fact]
    public async Task Creating_an_account_starts_the_workflows_whose_trigger_is_Account_created()
    {
        // The outbox job delivers on its own here, as in production (other tests drive it by hand).
        using var app = new CrmApp(enabledModules: ["Accounts"], settings: new Dictionary<string, string?> { ["Outbox:PollingIntervalSeconds"] = "0.2" });
        var client = app.CreateClient();
        var api = new InstanceApi(client);
        var definitionId = await api.PublishAsync(new WorkflowJson()
            .Trigger("created", "Crm.AccountCreated")
            .Activity("greet", "Elsa.WriteLine", ("text", Js("'welcome ' + getInput('name')")))
            .Chain("created", "greet"));
        var untriggered = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("greet", "Elsa.WriteLine", ("text", Literal("not me")))
            .Chain("start", "greet"));

        await (await client.PostAsJsonAsync("/api/accounts", new { name = "Trigger Co" })).ShouldHave(HttpStatusCode.Created);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<JsonElement> items;
        do
        {
            await Task.Delay(200);
            items = (await api.PostAsync("/workflow-instances", new JsonObject { ["definitionId"] = definitionId })).GetProperty("items").EnumerateArray().ToList();
        }
        while (items.Count == 0 && DateTime.UtcNow < deadline);

        var instance = Assert.Single(items);
        Assert.Equal("Finished", instance.Str("subStatus"));
        var greet = (await api.GetAsync($"/activity-executions/list?WorkflowInstanceId={instance.Str("id")}&ActivityNodeId=Workflow1:root1:greet"))
            .GetProperty("items").EnumerateArray().Single();
        Assert.Equal("welcome Trigger Co", greet.GetProperty("activityState").GetProperty("text").GetString());

        var others = await api.PostAsync("/workflow-instances", new JsonObject { ["definitionId"] = untriggered });
        Assert.Equal(0, others.GetProperty("totalCount").GetInt32());
    }
}
