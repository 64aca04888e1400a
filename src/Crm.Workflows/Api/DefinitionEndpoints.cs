using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Workflows.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Api;

/// <summary>
/// Workflow definitions (contract routes #1, #9, #13–#16, #19, plus retract, delete, revert and the list's bulk
/// actions). The handlers only translate HTTP; <see cref="DefinitionStore"/> owns the versioning rules.
/// </summary>
internal static class DefinitionEndpoints
{
    public static void MapDefinitionEndpoints(this IEndpointRouteBuilder api)
    {
        // Studio asks by definition id; Elsa also answers the short form.
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", GetByDefinitionIdAsync).WithName("ElsaGetDefinitionByDefinitionId");
        api.MapGet("/workflow-definitions/{definitionId}", GetByDefinitionIdAsync).WithName("ElsaGetDefinition");
        api.MapGet("/workflow-definitions/by-id/{id}", GetByIdAsync).WithName("ElsaGetDefinitionVersion");
        api.MapGet("/workflow-definitions/many-by-id", GetManyByIdAsync).WithName("ElsaGetDefinitionVersions");
        api.MapGet("/workflow-definitions", ListAsync).WithName("ElsaListDefinitions");
        api.MapGet("/workflow-definitions/query/count", async (DefinitionStore store, CancellationToken ct) => ElsaJson.Ok(new { count = await store.CountAsync(ct) }))
            .WithName("ElsaCountDefinitions");
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUniqueAsync).WithName("ElsaIsDefinitionNameUnique");

        api.MapPost("/workflow-definitions", SaveAsync).WithName("ElsaSaveDefinition");
        api.MapPost("/workflow-definitions/{definitionId}/publish", PublishAsync).WithName("ElsaPublishDefinition");
        api.MapPost("/workflow-definitions/{definitionId}/retract", RetractAsync).WithName("ElsaRetractDefinition");
        api.MapDelete("/workflow-definitions/{definitionId}", DeleteAsync).WithName("ElsaDeleteDefinition");
        api.MapDelete("/workflow-definition-versions/{id}", DeleteVersionAsync).WithName("ElsaDeleteDefinitionVersion");
        api.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", RevertAsync).WithName("ElsaRevertDefinition");

        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublishAsync).WithName("ElsaBulkPublishDefinitions");
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetractAsync).WithName("ElsaBulkRetractDefinitions");
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", BulkDeleteAsync).WithName("ElsaBulkDeleteDefinitions");
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-id", BulkDeleteVersionsAsync).WithName("ElsaBulkDeleteDefinitionVersions");
    }

    private static async Task<IResult> GetByDefinitionIdAsync(string definitionId, HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var versionOptions = new QueryReader(request.Query).VersionOptions() ?? VersionOptions.Latest;
        var definition = await store.FindAsync(definitionId, versionOptions, cancellationToken);
        return definition is null
            ? NotFound($"Workflow definition '{definitionId}' has no version matching '{versionOptions}'.")
            : ElsaJson.Ok(DefinitionModels.Definition(definition, store.UnknownActivityTypes(definition)));
    }

    private static async Task<IResult> GetByIdAsync(string id, DefinitionStore store, CancellationToken cancellationToken) =>
        await store.FindByIdAsync(id, cancellationToken) is { } definition
            ? ElsaJson.Ok(DefinitionModels.Definition(definition, store.UnknownActivityTypes(definition)))
            : NotFound($"Workflow definition version '{id}' does not exist.");

    private static async Task<IResult> GetManyByIdAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var ids = new QueryReader(request.Query).Strings("ids");
        var definitions = ids.Count == 0 ? [] : await store.FindManyByIdAsync(ids.ToList(), cancellationToken);
        return ElsaJson.Ok(new ListModel<JsonObject>(definitions.Select(d => DefinitionModels.Definition(d, store.UnknownActivityTypes(d))).ToList()));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var page = await store.ListAsync(new DefinitionQuery
        {
            VersionOptions = query.VersionOptions(),
            DefinitionIds = query.Strings("DefinitionIds"),
            Ids = query.Strings("Ids"),
            SearchTerm = query.String("SearchTerm"),
            IsSystem = query.Bool("IsSystem"),
            Page = query.Int("Page", 0),
            PageSize = query.Int("PageSize", 1, 1000),
            OrderBy = query.Enum<DefinitionOrder>("OrderBy"),
            Descending = query.Enum<OrderDirection>("OrderDirection") is { } direction ? direction == OrderDirection.Descending : null,
        }, cancellationToken);
        return ElsaJson.Ok(DefinitionModels.Page(page));
    }

    private static async Task<IResult> IsNameUniqueAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var name = query.String("name") ?? throw WorkflowValidationException.Single("A query parameter is missing.", "name", "Give the name to check.");
        return ElsaJson.Ok(new { isUnique = await store.IsNameUniqueAsync(name, query.String("definitionId"), cancellationToken) });
    }

    /// <summary>Studio's save (auto-save, Save button, Create dialog) and its Publish button (<c>publish: true</c>).</summary>
    private static async Task<IResult> SaveAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(request, cancellationToken);
        if (body["model"] is not JsonObject model)
        {
            throw WorkflowValidationException.Single("The workflow definition is not valid.", "model", "The body must be {\"model\": <workflow definition>, \"publish\": true|false}.");
        }

        var publish = body["publish"] is JsonValue flag && flag.TryGetValue<bool>(out var value) && value;
        var definition = await store.SaveAsync(model, publish, cancellationToken);
        return ElsaJson.Ok(new SaveResponse(DefinitionModels.Definition(definition), false, 0, []));
    }

    /// <summary>The list's row action: publishes the latest version.</summary>
    private static async Task<IResult> PublishAsync(string definitionId, DefinitionStore store, CancellationToken cancellationToken)
    {
        var (definition, alreadyPublished) = await store.PublishLatestAsync(definitionId, cancellationToken);
        return ElsaJson.Ok(new SaveResponse(DefinitionModels.Definition(definition), alreadyPublished, 0, []));
    }

    private static async Task<IResult> RetractAsync(string definitionId, DefinitionStore store, CancellationToken cancellationToken) =>
        ElsaJson.Ok(DefinitionModels.Definition(await store.RetractAsync(definitionId, cancellationToken)));

    private static async Task<IResult> DeleteAsync(string definitionId, DefinitionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(definitionId, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound($"Workflow definition '{definitionId}' does not exist.");

    private static async Task<IResult> DeleteVersionAsync(string id, DefinitionStore store, CancellationToken cancellationToken) =>
        await store.DeleteVersionAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound($"Workflow definition version '{id}' does not exist.");

    private static async Task<IResult> RevertAsync(string definitionId, int version, DefinitionStore store, CancellationToken cancellationToken)
    {
        var draft = await store.RevertAsync(definitionId, version, cancellationToken);
        return ElsaJson.Ok(DefinitionModels.Summary(new DefinitionSummary(
            draft.Id, draft.DefinitionId, draft.Version, draft.Name, draft.Description, draft.IsLatest, draft.IsPublished, draft.IsReadonly, draft.CreatedAtUtc)));
    }

    private static async Task<IResult> BulkPublishAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var ids = await ReadIdsAsync(request, "definitionIds", cancellationToken);
        var result = await store.BulkPublishAsync(ids, cancellationToken);

        // Elsa's response plus "failed": definitions that did not pass validation, with the messages.
        return ElsaJson.Ok(new { published = result.Published, alreadyPublished = result.AlreadyPublished, notFound = result.NotFound, updatedConsumers = Array.Empty<string>(), failed = result.Failed });
    }

    private static async Task<IResult> BulkRetractAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var result = await store.BulkRetractAsync(await ReadIdsAsync(request, "definitionIds", cancellationToken), cancellationToken);
        return ElsaJson.Ok(new { retracted = result.Retracted, alreadyRetracted = result.AlreadyRetracted, notFound = result.NotFound });
    }

    private static async Task<IResult> BulkDeleteAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken) =>
        ElsaJson.Ok(new { deleted = await store.BulkDeleteAsync(await ReadIdsAsync(request, "definitionIds", cancellationToken), cancellationToken) });

    private static async Task<IResult> BulkDeleteVersionsAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken) =>
        ElsaJson.Ok(new { deleted = await store.BulkDeleteVersionsAsync(await ReadIdsAsync(request, "ids", cancellationToken), cancellationToken) });

    /// <summary>The body as a JSON object. Parsed by hand (not bound) so any body keeps every property and bad JSON is a 400 with a reason.</summary>
    internal static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadOptionalObjectAsync(request, cancellationToken)
        ?? throw WorkflowValidationException.Single("The request could not be read.", "body", "The body must be a JSON object.");

    internal static async Task<JsonObject?> ReadOptionalObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return null;
        }

        buffer.Position = 0;
        return JsonNode.Parse(buffer, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, new JsonDocumentOptions { AllowTrailingCommas = true }) switch
        {
            JsonObject body => body,
            _ => throw WorkflowValidationException.Single("The request could not be read.", "body", "The body must be a JSON object."),
        };
    }

    /// <summary><c>{"definitionIds": [...]}</c> or <c>{"ids": [...]}</c> of the bulk actions.</summary>
    internal static async Task<IReadOnlyList<string>> ReadIdsAsync(HttpRequest request, string property, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(request, cancellationToken);
        var node = body.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value;
        if (node is not JsonArray array || array.Any(i => i is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw WorkflowValidationException.Single("The request is not valid.", property, $"'{property}' must be an array of ids.");
        }

        return array.Select(i => i!.GetValue<string>()).ToList();
    }

    internal static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private sealed record SaveResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount, IReadOnlyList<string> ValidationErrors);

    private enum OrderDirection
    {
        Ascending,
        Descending,
    }
}
