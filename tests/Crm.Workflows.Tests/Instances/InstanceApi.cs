using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;

namespace Crm.Workflows.Tests.Instances;

/// <summary>Publishes definitions built with <see cref="WorkflowJson"/> and drives the instance routes of one host.</summary>
internal sealed class InstanceApi(HttpClient client)
{
    public const string ApiBase = WorkflowApiFixture.ApiBase;

    public HttpClient Client { get; } = client;

    /// <summary>Saves and publishes <paramref name="workflow"/> under a fresh definition id and returns that id.</summary>
    public async Task<string> PublishAsync(WorkflowJson workflow, string name = "Instance test")
    {
        var model = workflow.Definition();
        model.Remove("id");
        var definitionId = WorkflowApiFixture.NewDefinitionId();
        model["definitionId"] = definitionId;
        model["name"] = name + " " + definitionId;
        var response = await Client.PostAsync($"{ApiBase}/workflow-definitions",
            WorkflowApiFixture.Json(new JsonObject { ["model"] = model, ["publish"] = true }));
        await response.ShouldHave(HttpStatusCode.OK);
        return definitionId;
    }

    public Task<HttpResponseMessage> PostExecuteAsync(string definitionId, JsonObject? body = null) =>
        Client.PostAsync($"{ApiBase}/workflow-definitions/{definitionId}/execute", WorkflowApiFixture.Json(body ?? new JsonObject()));

    /// <summary>Executes (200 expected) and returns the instance id from the header Studio reads.</summary>
    public async Task<(string Id, JsonElement Instance)> ExecuteAsync(string definitionId, JsonObject? body = null)
    {
        var response = await (await PostExecuteAsync(definitionId, body)).ShouldHave(HttpStatusCode.OK);
        var id = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        return (id, await response.ReadJson());
    }

    public async Task<JsonElement> GetAsync(string url)
    {
        var response = await (await Client.GetAsync(ApiBase + url)).ShouldHave(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    public async Task<JsonElement> PostAsync(string url, JsonNode body)
    {
        var response = await (await Client.PostAsync(ApiBase + url, WorkflowApiFixture.Json(body))).ShouldHave(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    public Task<JsonElement> InstanceAsync(string id) => GetAsync($"/workflow-instances/{id}");

    /// <summary>The single bookmark of a suspended instance, from its state.</summary>
    public async Task<JsonElement> SingleBookmarkAsync(string instanceId)
    {
        var instance = await InstanceAsync(instanceId);
        return instance.GetProperty("workflowState").GetProperty("bookmarks").EnumerateArray().Single();
    }

    public async Task<List<string>> JournalEventsAsync(string instanceId)
    {
        var journal = await GetAsync($"/workflow-instances/{instanceId}/journal?skip=0&take=1000");
        return journal.GetProperty("items").EnumerateArray().Select(e => $"{e.Str("activityId")}:{e.Str("eventName")}").ToList();
    }

    /// <summary>Polls until the instance has <paramref name="subStatus"/> or the time is up.</summary>
    public async Task<JsonElement> WaitForAsync(string instanceId, string subStatus, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var instance = await InstanceAsync(instanceId);
            if (instance.Str("subStatus") == subStatus || DateTime.UtcNow > deadline)
            {
                return instance;
            }

            await Task.Delay(100);
        }
    }
}
