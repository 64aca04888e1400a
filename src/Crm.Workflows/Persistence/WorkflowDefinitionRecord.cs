namespace Crm.Workflows.Persistence;

/// <summary>
/// One version of a workflow definition. The designer's whole model is kept as JSON text in <see cref="Data"/>, exactly
/// as it arrived (minus the server-owned flags), so properties we do not interpret still round-trip; the columns are
/// copies of the fields the API filters and sorts on.
/// </summary>
internal sealed class WorkflowDefinitionRecord
{
    /// <summary>The version id (Elsa's <c>id</c>): unique across all versions of all definitions.</summary>
    public required string Id { get; init; }

    /// <summary>The id shared by every version of one workflow (Elsa's <c>definitionId</c>).</summary>
    public required string DefinitionId { get; init; }

    public int Version { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Exactly one version of a definition is the latest: the one the designer opens.</summary>
    public bool IsLatest { get; set; }

    /// <summary>At most one version of a definition is published: the one that runs.</summary>
    public bool IsPublished { get; set; }

    /// <summary>Elsa's <c>isReadonly</c>: such a definition is shown but never changed through the API.</summary>
    public bool IsReadonly { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";

    /// <summary>The Elsa 3 workflow definition model as JSON (root flowchart, variables, inputs, options...).</summary>
    public string Data { get; set; } = "{}";

    /// <summary>Optimistic concurrency token, incremented on every write (auto-save posts the whole graph often).</summary>
    public long RowVersion { get; set; }

    /// <summary>Marks the row changed: the next SaveChanges only succeeds if nobody else wrote it since it was read.</summary>
    public void Touch(DateTime now, string by)
    {
        UpdatedAtUtc = now;
        UpdatedBy = by;
        RowVersion++;
    }
}
