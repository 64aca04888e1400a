using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Api;

/// <summary>
/// Export files in Elsa's format (<c>$schema</c> + the definition model) and import of such files, from this server or an
/// Elsa 3 server. Studio reads import files in the browser and posts each definition to the import route.
/// </summary>
internal static class ImportExportEndpoints
{
    private static readonly JsonSerializerOptions Indented = new(ElsaJson.Options) { WriteIndented = true };

    public static void MapImportExportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/workflow-definitions/{definitionId}/export", ExportAsync).WithName("ElsaExportDefinition");
        api.MapMethods("/bulk-actions/export/workflow-definitions", [HttpMethods.Post, HttpMethods.Get], BulkExportAsync).WithName("ElsaBulkExportDefinitions");

        // Elsa maps POST and PUT, with and without the definition id in the path; the path's id wins over the body's.
        api.MapMethods("/workflow-definitions/import", [HttpMethods.Post, HttpMethods.Put], (HttpRequest request, DefinitionStore store, DefinitionValidator validator, CancellationToken ct) => ImportAsync(null, request, store, validator, ct))
            .WithName("ElsaImportDefinition");
        api.MapMethods("/workflow-definitions/{definitionId}/import", [HttpMethods.Post, HttpMethods.Put], ImportAsync).WithName("ElsaImportDefinitionInto");
    }

    private static async Task<IResult> ExportAsync(string definitionId, HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var versionOptions = new QueryReader(request.Query).VersionOptions() ?? VersionOptions.Latest;
        var definition = await store.FindAsync(definitionId, versionOptions, cancellationToken);
        return definition is null
            ? DefinitionEndpoints.NotFound($"Workflow definition '{definitionId}' has no version matching '{versionOptions}'.")
            : File(definition);
    }

    /// <summary>One version gives its JSON file; several give a zip with one file each (Elsa's behaviour).</summary>
    private static async Task<IResult> BulkExportAsync(HttpRequest request, DefinitionStore store, CancellationToken cancellationToken)
    {
        var ids = HttpMethods.IsGet(request.Method)
            ? new QueryReader(request.Query).Strings("ids")
            : await DefinitionEndpoints.ReadIdsAsync(request, "ids", cancellationToken);
        var definitions = await store.FindManyByIdAsync(ids.ToList(), cancellationToken);
        if (definitions.Count == 0)
        {
            return DefinitionEndpoints.NotFound("None of the given workflow definition versions exists.");
        }

        if (definitions.Count == 1)
        {
            return File(definitions[0]);
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var definition in definitions)
            {
                var entry = archive.CreateEntry(DefinitionModels.ExportFileName(definition), CompressionLevel.Optimal);
                await using var stream = entry.Open();
                await stream.WriteAsync(Serialize(definition), cancellationToken);
            }
        }

        return TypedResults.File(zip.ToArray(), "application/zip", "workflow-definitions.zip");
    }

    private static async Task<IResult> ImportAsync(string? definitionId, HttpRequest request, DefinitionStore store, DefinitionValidator validator, CancellationToken cancellationToken)
    {
        var model = await DefinitionEndpoints.ReadObjectAsync(request, cancellationToken);
        if (validator.UnknownActivityTypes(model) is { Count: > 0 } unknown)
        {
            throw new WorkflowValidationException(DefinitionValidator.ImportTitle, unknown);
        }

        if (!string.IsNullOrWhiteSpace(definitionId))
        {
            model["definitionId"] = definitionId;
        }

        var isNew = DefinitionGraph.String(model, "definitionId") is not { Length: > 0 };
        var definition = await store.ImportAsync(model, cancellationToken);
        var body = DefinitionModels.Definition(definition);

        // Elsa answers 201 when the file had no definition id (a new workflow), 200 when it updated one.
        if (!isNew)
        {
            return ElsaJson.Ok(body);
        }

        request.HttpContext.Response.Headers.Location = $"{request.PathBase}{ElsaApi.Prefix}/workflow-definitions/by-definition-id/{Uri.EscapeDataString(definition.DefinitionId)}";
        return TypedResults.Json(body, ElsaJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult File(WorkflowDefinitionRecord definition) =>
        TypedResults.File(Serialize(definition), "application/json", DefinitionModels.ExportFileName(definition));

    private static byte[] Serialize(WorkflowDefinitionRecord definition) =>
        Encoding.UTF8.GetBytes(DefinitionModels.Export(definition).ToJsonString(Indented));
}
