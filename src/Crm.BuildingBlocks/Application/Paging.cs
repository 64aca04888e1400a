namespace Crm.BuildingBlocks.Application;

/// <summary>
/// One page of a list. <see cref="Total"/> is only filled when asked for: counting a million rows on every page is
/// what makes CRMs slow. <see cref="NextCursor"/> continues with keyset paging, which stays fast on deep pages.
/// </summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, bool HasMore, string? NextCursor, long? Total);
