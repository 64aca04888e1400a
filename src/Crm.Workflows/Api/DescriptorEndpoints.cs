using System.Text.Json.Nodes;
using Crm.Workflows.Descriptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Api;

/// <summary>
/// The lookups the designer loads on start (contract routes #2–#8, #10–#12): activity descriptors from the registry,
/// and constant lists describing what this server supports. Each must answer, even with an empty list: a 404 on most of
/// them leaves an error state in the designer.
/// </summary>
internal static class DescriptorEndpoints
{
    /// <summary>
    /// Literal and Object are the designer's internal defaults (not offered in pickers). Studio's expression editor
    /// crashes unless one more type is listed; JavaScript is a real one here (the runtime evaluates it with Jint).
    /// </summary>
    private static readonly ExpressionDescriptorModel[] ExpressionTypes =
    [
        new("Literal", "Literal", true, false, new Dictionary<string, object>()),
        new("Object", "Object", true, false, new Dictionary<string, object> { ["MonacoLanguage"] = "json" }),
        new("Variable", "Variable", true, true, new Dictionary<string, object>()),
        new("JavaScript", "JavaScript", true, true, new Dictionary<string, object> { ["MonacoLanguage"] = "javascript" }),
    ];

    private static readonly StrategyModel[] ActivationStrategies =
    [
        new("Default", "Default", "Always start a new instance when the workflow is triggered."),
    ];

    private static readonly StrategyModel[] LogPersistenceStrategies =
    [
        new("Include", "Include", "Record the activity's inputs and outputs in the journal."),
    ];

    private static readonly StrategyModel[] IncidentStrategies =
    [
        new("Fault", "Fault", "A failing activity faults the whole workflow instance."),
    ];

    /// <summary>The variable types the runtime converts to (Elsa's aliases for the CLR types).</summary>
    internal static readonly VariableTypeModel[] VariableTypes =
    [
        new("Object", "Object", "Primitives", "Any value (kept as JSON)."),
        new("String", "String", "Primitives", null),
        new("Boolean", "Boolean", "Primitives", null),
        new("Int32", "Int32", "Primitives", null),
        new("Int64", "Int64", "Primitives", null),
        new("Single", "Single", "Primitives", null),
        new("Double", "Double", "Primitives", null),
        new("Decimal", "Decimal", "Primitives", null),
        new("Guid", "Guid", "Primitives", null),
        new("DateTime", "DateTime", "Dates", null),
        new("DateTimeOffset", "DateTimeOffset", "Dates", null),
        new("TimeSpan", "TimeSpan", "Dates", null),
    ];

    /// <summary>
    /// Elsa's driver type names, so imported definitions keep their choice. The runtime persists every variable with
    /// the instance whatever the driver says; the name is kept as metadata.
    /// </summary>
    private static readonly StorageDriverModel[] StorageDrivers =
    [
        new("Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core", "Workflow Instance", 5, false),
        new("Elsa.Workflows.MemoryStorageDriver, Elsa.Workflows.Core", "Memory", 0, false),
    ];

    public static void MapDescriptorEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/descriptors/activities", (ActivityRegistry registry) =>
                ElsaJson.Ok(new ListModel<ActivityDescriptorModel>(registry.All.OrderBy(d => d.TypeName, StringComparer.Ordinal).Select(DescriptorModels.Activity).ToList())))
            .WithName("ElsaListActivityDescriptors");

        api.MapGet("/descriptors/activities/{typeName}", (string typeName, ActivityRegistry registry) =>
                registry.Find(typeName) is { } descriptor ? ElsaJson.Ok(DescriptorModels.Activity(descriptor)) : NotFound(typeName))
            .WithName("ElsaGetActivityDescriptor");

        api.MapPost("/descriptors/activities/{typeName}/options/{propertyName}", GetInputOptionsAsync)
            .WithName("ElsaGetActivityInputOptions");

        api.MapGet("/descriptors/expression-descriptors", () => ElsaJson.Ok(new ListModel<ExpressionDescriptorModel>(ExpressionTypes)))
            .WithName("ElsaListExpressionDescriptors");
        api.MapGet("/descriptors/workflow-activation-strategies", () => ElsaJson.Ok(new ListModel<StrategyModel>(ActivationStrategies)))
            .WithName("ElsaListActivationStrategies");
        api.MapGet("/descriptors/log-persistence-strategies", () => ElsaJson.Ok(new ListModel<StrategyModel>(LogPersistenceStrategies)))
            .WithName("ElsaListLogPersistenceStrategies");
        api.MapGet("/descriptors/incident-strategies", () => ElsaJson.Ok(new ListModel<StrategyModel>(IncidentStrategies)))
            .WithName("ElsaListIncidentStrategies");

        // The runtime commits state at every burst; there are no strategies to choose from.
        api.MapGet("/descriptors/commit-strategies/workflows", () => ElsaJson.Ok(new ListModel<CommitStrategyModel>([])))
            .WithName("ElsaListWorkflowCommitStrategies");
        api.MapGet("/descriptors/commit-strategies/activities", () => ElsaJson.Ok(new ListModel<CommitStrategyModel>([])))
            .WithName("ElsaListActivityCommitStrategies");

        api.MapGet("/descriptors/variables", () => ElsaJson.Ok(new { items = VariableTypes }))
            .WithName("ElsaListVariableTypes");
        api.MapGet("/descriptors/storage-drivers", () => ElsaJson.Ok(new { items = StorageDrivers }))
            .WithName("ElsaListStorageDrivers");

        // Monaco asks for TypeScript declarations when an input is switched to JavaScript. The JavaScript environment
        // belongs to the runtime; until it publishes its globals here, an empty declaration file keeps the editor working.
        api.MapPost("/scripting/javascript/type-definitions/{workflowDefinitionId}", (string workflowDefinitionId) =>
                TypedResults.File(System.Text.Encoding.UTF8.GetBytes("// Crm.Modular: no additional JavaScript declarations.\n"),
                    "application/x-typescript", $"elsa.{workflowDefinitionId}.d.ts"))
            .WithName("ElsaGetJavaScriptTypeDefinitions");

        // Listing Elsa.RealTimeWorkflowUpdates would make the instance viewer open a SignalR hub we do not have;
        // with no features it polls instead.
        api.MapGet("/features/installed", () => ElsaJson.Ok(new ListModel<FeatureModel>([])))
            .WithName("ElsaListInstalledFeatures");
    }

    private static async Task<IResult> GetInputOptionsAsync(
        string typeName, string propertyName, HttpRequest request, ActivityRegistry registry, IEnumerable<IActivityInputOptionsProvider> providers, CancellationToken cancellationToken)
    {
        if (registry.Find(typeName) is not { } activity)
        {
            return NotFound(typeName);
        }

        // Studio sends the descriptor's input name; compared exactly, as Elsa does.
        if (activity.Inputs.FirstOrDefault(i => i.Name == propertyName) is not { } input)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"Activity type '{typeName}' has no input '{propertyName}'.");
        }

        var body = request.ContentLength is 0 ? null : await DefinitionEndpoints.ReadOptionalObjectAsync(request, cancellationToken);
        var context = body?["context"] as JsonObject;
        foreach (var provider in providers.Reverse())
        {
            if (await provider.GetOptionsAsync(activity, input, context, cancellationToken) is { } specifications)
            {
                return ElsaJson.Ok(new { items = specifications });
            }
        }

        return ElsaJson.Ok(new { items = new Dictionary<string, object?>() });
    }

    private static IResult NotFound(string typeName) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Activity type '{typeName}' is not known here.");
}
