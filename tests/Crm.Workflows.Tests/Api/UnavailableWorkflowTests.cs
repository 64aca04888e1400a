using System.Net;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Instances;
using Crm.Workflows.Tests.Runtime;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Api;

/// <summary>A workflow whose module was disabled afterwards opens read-only and keeps its definition (issue 12, item 17).</summary>
public sealed class UnavailableWorkflowTests
{
    [Fact]
    public async Task A_workflow_of_a_disabled_module_is_served_read_only_and_a_save_that_would_drop_its_activities_is_refused()
    {
        using var data = new TimerTestKit.SharedDataDirectory();
        string definitionId;
        using (var withAccounts = new CrmApp(enabledModules: ["Accounts"], settings: data.Settings()))
        {
            definitionId = await new InstanceApi(withAccounts.CreateClient()).PublishAsync(new WorkflowJson()
                .Trigger("created", "Crm.AccountCreated")
                .Activity("greet", "Elsa.WriteLine", ("text", Literal("welcome")))
                .Chain("created", "greet"));
        }

        using var without = new CrmApp(enabledModules: [], settings: data.Settings());
        var client = without.CreateClient();
        var url = $"{WorkflowApiFixture.ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest";
        var served = await (await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson();

        Assert.True(served.GetProperty("isReadonly").GetBoolean());
        Assert.DoesNotContain(served.GetProperty("links").EnumerateArray(), l => l.Str("rel") == "publish");
        Assert.Contains("Crm.AccountCreated", served.Str("description"));

        // The designer's list marks it too (issue 12.17): read-only, no publish or delete, the reason first in its description.
        var list = await (await (await client.GetAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions?versionOptions=Latest&pageSize=100")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var row = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.Str("definitionId") == definitionId);
        Assert.True(row.GetProperty("isReadonly").GetBoolean());
        Assert.StartsWith("Unavailable (read-only): uses Crm.AccountCreated", row.Str("description"), StringComparison.Ordinal);
        Assert.DoesNotContain(row.GetProperty("links").EnumerateArray(), l => l.Str("rel") is "publish" or "delete");
        // A workflow that needs no disabled module stays editable in the same list.
        var shipped = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.Str("definitionId") == "crm-leave-of-absence");
        Assert.False(shipped.GetProperty("isReadonly").GetBoolean());
        Assert.Contains(shipped.GetProperty("links").EnumerateArray(), l => l.Str("rel") == "publish");

        // What Studio's auto-save would post: the graph it could draw, without the trigger.
        var emptied = served.ToObject();
        emptied["root"]!["activities"] = new JsonArray(emptied["root"]!["activities"]!.AsArray().Where(a => a!["type"]!.GetValue<string>() != "Crm.AccountCreated").Select(a => a!.DeepClone()).ToArray());
        emptied["root"]!["connections"] = new JsonArray();
        var refused = await client.PostAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions", WorkflowApiFixture.Json(new JsonObject { ["model"] = emptied, ["publish"] = false }));

        Assert.True((int)refused.StatusCode is >= 400 and < 500, $"Expected a 4xx, got {(int)refused.StatusCode}.");
        Assert.Contains("Crm.AccountCreated", await refused.Content.ReadAsStringAsync());
        var kept = await (await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Contains(kept.GetProperty("root").GetProperty("activities").EnumerateArray(), a => a.Str("type") == "Crm.AccountCreated");
        Assert.Equal(served.GetProperty("version").GetInt32(), kept.GetProperty("version").GetInt32());
    }
}
