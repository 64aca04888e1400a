using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;

namespace Crm.ScaleOut.Tests;

/// <summary>The few workflows the scale-out test runs, as Studio saves them (a flowchart of chained activities).</summary>
internal static class Workflows
{
    public const string Api = "/elsa/api";

    public static JsonObject Flowchart(params (string Id, string Type, bool Trigger, (string Name, string Value)[] Inputs)[] chain)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        for (var i = 0; i < chain.Length; i++)
        {
            var (id, type, trigger, inputs) = chain[i];
            var activity = new JsonObject
            {
                ["id"] = id,
                ["nodeId"] = $"Workflow1:root:{id}",
                ["name"] = id,
                ["type"] = type,
                ["version"] = 1,
                ["customProperties"] = trigger ? new JsonObject { ["canStartWorkflow"] = true } : new JsonObject(),
                ["metadata"] = new JsonObject(),
            };
            foreach (var (name, value) in inputs)
            {
                activity[name] = new JsonObject { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value }, ["memoryReference"] = null };
            }

            activities.Add(activity);
            if (i > 0)
            {
                connections.Add(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = chain[i - 1].Id, ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = id, ["port"] = "In" },
                    ["vertices"] = new JsonArray(),
                });
            }
        }

        return new JsonObject
        {
            ["id"] = "root",
            ["nodeId"] = "Workflow1:root",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["activities"] = activities,
            ["variables"] = new JsonArray(),
            ["connections"] = connections,
        };
    }

    /// <summary>Saves and publishes a workflow under a fresh definition id; returns the id.</summary>
    public static async Task<string> PublishAsync(HttpClient client, JsonObject root)
    {
        var definitionId = "scale-" + Guid.NewGuid().ToString("N")[..10];
        var model = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "Scale-out " + definitionId,
            ["version"] = 1,
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["options"] = new JsonObject(),
            ["root"] = root,
        };
        await (await PostAsync(client, "/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true })).ShouldHave(HttpStatusCode.OK);
        return definitionId;
    }

    /// <summary>Starts the published version; returns the instance id.</summary>
    public static async Task<string> StartAsync(HttpClient client, string definitionId)
    {
        var response = await (await PostAsync(client, $"/workflow-definitions/{definitionId}/execute", new JsonObject())).ShouldHave(HttpStatusCode.OK);
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, JsonNode body) =>
        client.PostAsync(Api + url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> InstanceAsync(HttpClient client, string id) =>
        await (await (await client.GetAsync($"{Api}/workflow-instances/{id}")).ShouldHave(HttpStatusCode.OK)).ReadJson();

    public static async Task<List<JsonElement>> InstancesOfAsync(HttpClient client, string definitionId)
    {
        var page = await (await (await PostAsync(client, "/workflow-instances", new JsonObject { ["definitionId"] = definitionId, ["pageSize"] = 500 }))
            .ShouldHave(HttpStatusCode.OK)).ReadJson();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>"activityId:eventName" of every journal entry, in order.</summary>
    public static async Task<List<string>> JournalAsync(HttpClient client, string id)
    {
        var journal = await (await (await client.GetAsync($"{Api}/workflow-instances/{id}/journal?skip=0&take=1000")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        return [.. journal.GetProperty("items").EnumerateArray().Select(e => $"{e.GetProperty("activityId").GetString()}:{e.GetProperty("eventName").GetString()}")];
    }
}
