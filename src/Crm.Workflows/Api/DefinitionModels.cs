using System.Text.Json.Nodes;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;

namespace Crm.Workflows.Api;

/// <summary>
/// Definition versions as Studio reads them. The stored JSON is returned as it was saved, with the server-owned fields
/// (ids, version, flags, dates) taken from the columns and Elsa's defaults filled in for anything missing.
/// </summary>
internal static class DefinitionModels
{
    public const string SchemaUrl = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    /// <summary>Elsa's export order; anything else the definition carries follows, then the root.</summary>
    private static readonly string[] Header =
        ["id", "definitionId", "name", "description", "createdAt", "version", "toolVersion", "variables", "inputs", "outputs", "outcomes",
         "customProperties", "isReadonly", "isSystem", "isLatest", "isPublished", "options"];

    /// <summary>A <c>WorkflowDefinition</c> with <c>links</c>: without a <c>publish</c> link Studio opens the designer read-only.</summary>
    /// <remarks>
    /// <paramref name="unavailable"/>: the version uses activity types this server does not know (their module is
    /// disabled). It is served read-only, without links, so Studio neither auto-saves the graph it cannot draw over
    /// the stored one nor offers Publish; its description says why.
    /// </remarks>
    public static JsonObject Definition(WorkflowDefinitionRecord version, IReadOnlyCollection<string>? unavailable = null)
    {
        var model = Build(version);
        model["materializerName"] ??= "Json";
        var readOnly = version.IsReadonly || unavailable is { Count: > 0 };
        model["isReadonly"] = readOnly;
        model["links"] = new JsonArray(LinksFor(version.DefinitionId, readOnly).Select(ToJson).ToArray());
        if (unavailable is { Count: > 0 })
        {
            model["description"] = $"{UnavailableNote(unavailable)} {version.Description}".Trim();
        }

        return model;
    }

    public static string UnavailableNote(IReadOnlyCollection<string> unknownTypes) =>
        $"Unavailable (read-only): uses {string.Join(", ", unknownTypes)}, which this server does not provide; enable the module to edit or run it.";

    /// <summary>The export file: <c>$schema</c> first, as Elsa writes it, so an Elsa server (or Studio) recognises the file.</summary>
    public static JsonObject Export(WorkflowDefinitionRecord version)
    {
        var model = Build(version);
        model.Remove("materializerName");
        var file = new JsonObject { ["$schema"] = SchemaUrl };
        foreach (var (name, value) in model.ToList())
        {
            model.Remove(name);
            file[name] = value;
        }

        return file;
    }

    /// <summary>Export file name like Elsa's: <c>workflow-definition-{name}-{definitionId}-{id}.json</c>.</summary>
    public static string ExportFileName(WorkflowDefinitionRecord version)
    {
        var slug = new string(version.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        var prefix = slug.Length == 0 ? "workflow-definition" : $"workflow-definition-{slug}";
        return $"{prefix}-{version.DefinitionId}-{version.Id}.json";
    }

    /// <summary>
    /// A list row. A workflow of a disabled module is marked as it is when opened: read-only (Studio offers View instead
    /// of Edit and disables Publish and Delete) with the reason leading its description.
    /// </summary>
    public static SummaryModel Summary(DefinitionSummary summary)
    {
        var unavailable = summary.Unavailable.Count > 0;
        var readOnly = summary.IsReadonly || unavailable;
        var description = unavailable ? $"{UnavailableNote(summary.Unavailable)} {summary.Description}".Trim() : summary.Description;
        return new(
            summary.Id, summary.DefinitionId, summary.Name, description, summary.Version, summary.IsLatest, summary.IsPublished,
            readOnly, "Json", true, new DateTimeOffset(summary.CreatedAtUtc, TimeSpan.Zero), LinksFor(summary.DefinitionId, readOnly));
    }

    public static PagedListModel<SummaryModel> Page(DefinitionPage page) =>
        new(page.Items.Select(Summary).ToList(), page.TotalCount, [BulkPublishLink]);

    /// <summary>Without a <c>bulk-publish</c> link the definition list is read-only (no Create, Publish or Delete).</summary>
    public static readonly Link BulkPublishLink = new("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST");

    public static IReadOnlyList<Link> LinksFor(string definitionId, bool isReadonly)
    {
        var id = Uri.EscapeDataString(definitionId);
        var links = new List<Link>
        {
            new($"/workflow-definitions/by-definition-id/{id}", "self", "GET"),
            new($"/workflow-definitions/{id}/export", "export", "GET"),
        };
        if (!isReadonly)
        {
            links.Add(new($"/workflow-definitions/{id}/publish", "publish", "POST"));
            links.Add(new($"/workflow-definitions/{id}/retract", "retract", "POST"));
            links.Add(new($"/workflow-definitions/{id}", "delete", "DELETE"));
            links.Add(new($"/workflow-definitions/{id}/import", "import", "PUT"));
        }

        return links;
    }

    private static JsonObject Build(WorkflowDefinitionRecord version)
    {
        var data = DefinitionJsonParser.Object(version.Data);
        var model = new JsonObject();
        foreach (var name in Header)
        {
            model[name] = data[name]?.DeepClone();
        }

        model["id"] = version.Id;
        model["definitionId"] = version.DefinitionId;
        model["name"] = version.Name;
        model["description"] = version.Description;
        model["createdAt"] = new DateTimeOffset(version.CreatedAtUtc, TimeSpan.Zero);
        model["version"] = version.Version;
        model["variables"] ??= new JsonArray();
        model["inputs"] ??= new JsonArray();
        model["outputs"] ??= new JsonArray();
        model["outcomes"] ??= new JsonArray();
        model["customProperties"] ??= new JsonObject();
        model["isReadonly"] = version.IsReadonly;
        model["isSystem"] = false;
        model["isLatest"] = version.IsLatest;
        model["isPublished"] = version.IsPublished;
        model["options"] ??= new JsonObject
        {
            ["activationStrategyType"] = null,
            ["usableAsActivity"] = null,
            ["autoUpdateConsumingWorkflows"] = false,
            ["activityCategory"] = null,
            ["incidentStrategyType"] = null,
            ["commitStrategyName"] = null,
        };

        // Properties this server does not interpret, kept in the order the client sent them.
        foreach (var (name, value) in data)
        {
            if (name != "root" && !model.ContainsKey(name))
            {
                model[name] = value?.DeepClone();
            }
        }

        model["root"] = data["root"]?.DeepClone();
        return model;
    }

    private static JsonObject ToJson(Link link) => new() { ["href"] = link.Href, ["rel"] = link.Rel, ["method"] = link.Method };
}

internal sealed record Link(string Href, string Rel, string Method);

internal sealed record SummaryModel(
    string Id,
    string DefinitionId,
    string Name,
    string? Description,
    int Version,
    bool IsLatest,
    bool IsPublished,
    bool IsReadonly,
    string MaterializerName,
    bool IsMaterializerAvailable,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Link> Links);

internal sealed record PagedListModel<T>(IReadOnlyList<T> Items, long TotalCount, IReadOnlyList<Link> Links);

/// <summary>Elsa's <c>ListResponse</c>: items and their count.</summary>
internal sealed record ListModel<T>(IReadOnlyList<T> Items, int Count)
{
    public ListModel(IReadOnlyList<T> items)
        : this(items, items.Count)
    {
    }
}
