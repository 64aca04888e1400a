namespace Crm.Accounts.Features.ImportAccounts;

/// <summary>The CSV layout shared by import and export, so an exported file imports again unchanged.</summary>
internal static class AccountCsv
{
    public static readonly string[] EditableColumns =
    [
        "name", "kind", "type", "partnerType", "stage", "source", "industry", "customerLevel", "taxId", "email", "phone", "website", "city",
        "address", "notes", "ownerId", "branchId", "creditLimit", "currency", "creditStatus", "tags",
    ];

    /// <summary>Exported for reference; ignored on import because the system owns them.</summary>
    public static readonly string[] ReadOnlyColumns = ["id", "lastContactAt", "createdAt", "isArchived"];

    public static readonly string[] ExportColumns = [.. ReadOnlyColumns.Take(1), .. EditableColumns, .. ReadOnlyColumns.Skip(1)];

    /// <summary>Tags sit in one cell separated by semicolons.</summary>
    public const char TagSeparator = ';';
}
