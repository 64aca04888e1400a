using System.Text.Json.Nodes;
using Crm.Workflows.Definitions;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Api;

/// <summary>
/// Studio's activity Test tab: runs one activity of a definition version with the inputs saved on it and answers
/// what it did (Elsa's <c>POST /tests/activities</c>). The run happens in memory and is never committed: no instance,
/// bookmark, task or event comes of it, so testing a "Transfer work" or "Human task" shows its evaluated inputs and
/// outputs without moving anyone's work.
/// </summary>
internal static class ActivityTestEndpoints
{
    public static void MapActivityTestEndpoints(this IEndpointRouteBuilder api) =>
        api.MapPost("/tests/activities", TestAsync).WithName("ElsaTestActivity");

    private static async Task<IResult> TestAsync(HttpRequest request, DefinitionStore store, WorkflowEngine engine, IServiceProvider services, CancellationToken cancellationToken)
    {
        var body = await DefinitionEndpoints.ReadObjectAsync(request, cancellationToken);
        var definitionHandle = body["workflowDefinitionHandle"] as JsonObject ?? [];
        var activityHandle = body["activityHandle"] as JsonObject ?? [];
        var definition = await FindDefinitionAsync(definitionHandle, store, cancellationToken);
        var data = DefinitionJsonParser.Object(definition.Data);
        var activityId = DefinitionGraph.String(activityHandle, "activityId");
        var nodeId = DefinitionGraph.String(activityHandle, "activityNodeId");
        var activity = data["root"] is JsonObject root
            ? DefinitionGraph.Activities(root).Select(a => a.Activity)
                .FirstOrDefault(a => (activityId is not null && DefinitionGraph.String(a, "id") == activityId) || (nodeId is not null && DefinitionGraph.String(a, "nodeId") == nodeId))
            : null;
        if (activity is null)
        {
            throw WorkflowValidationException.Single("The activity cannot be tested.", "activityHandle", "The workflow has no such activity.");
        }

        // The activity alone in the workflow's flowchart: the workflow's variables and inputs stay in scope.
        var alone = (JsonObject)activity.DeepClone();
        var rootId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var flowchart = DefinitionGraph.NewFlowchart(rootId);
        flowchart["activities"] = new JsonArray(alone);
        data["root"] = flowchart;
        DefinitionGraph.AssignNodeIds(flowchart);
        var model = WorkflowDefinitionModel.Parse(data.ToJsonString());
        var result = await engine.StartAsync(model, new Dictionary<string, object?>(), null, Guid.NewGuid().ToString("N"), services, cancellationToken);

        var record = result.ActivityExecutions.FirstOrDefault(r => r.ActivityId == DefinitionGraph.String(alone, "id"));
        return ElsaJson.Ok(new
        {
            activityState = record?.ActivityState ?? new Dictionary<string, object?>(),
            outputs = record?.Outputs,
            payload = record?.Payload,
            exception = record?.Exception,
            status = record?.Status.ToString() ?? "Pending",
        });
    }

    private static async Task<Persistence.WorkflowDefinitionRecord> FindDefinitionAsync(JsonObject handle, DefinitionStore store, CancellationToken cancellationToken)
    {
        if (DefinitionGraph.String(handle, "definitionVersionId") is { Length: > 0 } versionId)
        {
            return await store.FindByIdAsync(versionId, cancellationToken)
                   ?? throw new WorkflowNotFoundException($"Workflow definition version '{versionId}' does not exist.");
        }

        var definitionId = DefinitionGraph.String(handle, "definitionId")
                           ?? throw WorkflowValidationException.Single("The activity cannot be tested.", "workflowDefinitionHandle", "Give the workflow definition id or version id.");
        var options = VersionOptions.Latest;
        if (DefinitionGraph.String(handle, "versionOptions") is { } text && !VersionOptions.TryParse(text, out options))
        {
            throw WorkflowValidationException.Single("The activity cannot be tested.", "versionOptions", $"'{text}' is not a version option.");
        }

        return await store.FindAsync(definitionId, options, cancellationToken)
               ?? throw new WorkflowNotFoundException($"Workflow definition '{definitionId}' has no version matching '{options}'.");
    }
}
