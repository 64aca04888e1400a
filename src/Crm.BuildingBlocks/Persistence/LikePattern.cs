namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// "Contains this text" as an escaped LIKE pattern, for <c>EF.Functions.Like(column, pattern, LikePattern.Escape)</c>.
/// On PostgreSQL a search must be a LIKE, not EF's translation of <c>string.Contains</c>, for a <c>pg_trgm</c> index
/// to answer it (ADR 0061).
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    /// <summary><c>%term%</c> with the term's own <c>\</c>, <c>%</c> and <c>_</c> escaped, so they match literally.</summary>
    public static string Containing(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
