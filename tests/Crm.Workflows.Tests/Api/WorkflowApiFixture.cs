using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Tests.Api;

/// <summary>
/// One host per test class, with no business module enabled and this test assembly as an activity source (so the
/// toolbox holds <see cref="RequestApprovalActivity"/> and <see cref="SendNotificationActivity"/>).
/// </summary>
public sealed class WorkflowApiFixture : IDisposable
{
    public const string ApiBase = "/elsa/api";

    public WorkflowApiFixture()
    {
        App = new CrmApp(enabledModules: [], services: s => s.AddActivityDescriptors(() => Descriptors.SdkActivityDescriber.DescribeAll(typeof(WorkflowApiFixture).Assembly, "Tests")));
        Client = App.CreateClient();
    }

    public CrmApp App { get; }

    public HttpClient Client { get; }

    /// <summary>A definition id nobody else in the run uses.</summary>
    public static string NewDefinitionId() => "wf-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A model as Studio posts it: a flowchart with a RequestApproval ("a1") whose Approved port leads to a
    /// SendNotification ("a2"). <paramref name="recipient"/> null leaves the required input unset.
    /// </summary>
    public static JsonObject Model(string? definitionId, string name = "Approval flow", string? recipient = "bob@example.test") => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["description"] = "Probe workflow",
        ["toolVersion"] = "3.8.0.0",
        ["variables"] = new JsonArray(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isReadonly"] = false,
        ["options"] = new JsonObject { ["activationStrategyType"] = null, ["autoUpdateConsumingWorkflows"] = false },
        ["root"] = new JsonObject
        {
            ["id"] = "root1",
            ["nodeId"] = "Workflow1:root1",
            ["name"] = "Flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["activities"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "a1",
                    ["nodeId"] = "Workflow1:root1:a1",
                    ["name"] = "RequestApproval1",
                    ["type"] = "Tests.RequestApproval",
                    ["version"] = 1,
                    ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 100, ["y"] = 100 } } },
                    ["approver"] = Literal("String", "alice@example.test"),
                    ["channel"] = Literal("String", "sms"),
                },
                new JsonObject
                {
                    ["id"] = "a2",
                    ["nodeId"] = "Workflow1:root1:a2",
                    ["name"] = "SendNotification2",
                    ["type"] = "Test.SendNotification",
                    ["version"] = 1,
                    ["recipient"] = recipient is null ? null : Literal(null, recipient),
                    ["urgent"] = Literal(null, "True"),
                }),
            ["connections"] = new JsonArray(Connection("a1", "Approved", "a2")),
        },
        ["links"] = null,
        ["isLatest"] = true,
        ["isPublished"] = false,
    };

    /// <summary>A wrapped input; <paramref name="typeName"/> null is what Studio sends for a freshly dropped activity.</summary>
    public static JsonObject Literal(string? typeName, string value) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value },
        ["memoryReference"] = null,
    };

    public static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    public Task<HttpResponseMessage> PostSaveAsync(JsonObject model, bool publish = false) =>
        Client.PostAsync($"{ApiBase}/workflow-definitions", Json(new JsonObject { ["model"] = model, ["publish"] = publish }));

    /// <summary>Saves (200 expected) and returns the stored <c>workflowDefinition</c>.</summary>
    public async Task<JsonElement> SaveAsync(JsonObject model, bool publish = false)
    {
        var response = await (await PostSaveAsync(model, publish)).ShouldHave(HttpStatusCode.OK);
        return (await response.ReadJson()).GetProperty("workflowDefinition");
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await (await Client.GetAsync(url)).ShouldHave(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body, HttpAssertions.Json), Encoding.UTF8, "application/json");

    public void Dispose()
    {
        Client.Dispose();
        App.Dispose();
    }
}

internal static class JsonTestExtensions
{
    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static JsonObject ToObject(this JsonElement element) => JsonNode.Parse(element.GetRawText())!.AsObject();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, HttpAssertions.Json);
}
