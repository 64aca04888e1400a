namespace Crm.Web.Components.Tables;

/// <summary>
/// What <see cref="PagedTable{TItem}"/> asks its page for: the zero-based page, its size, the keyset cursor that
/// continues after the previous page (null for the first), and the sort the user chose (null: the query's own order).
/// </summary>
public sealed record PageRequest(int Page, int PageSize, string? Cursor, string? SortLabel, bool Descending);
