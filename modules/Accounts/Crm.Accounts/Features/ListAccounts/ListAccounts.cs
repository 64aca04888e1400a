using System.Text;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.ListAccounts;

internal sealed record ListAccountsQuery(
    AccountFilter Filter,
    string? Sort,
    bool Descending,
    int Page,
    int PageSize,
    string? Cursor,
    bool IncludeTotal) : IRequest<PagedResult<AccountListItem>>
{
    /// <summary>The <c>cf.key=value</c> filters of the query string (ADR 0121).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CustomFilters { get; init; } = [];
}

/// <summary>Only the columns a list shows.</summary>
internal sealed record AccountListItem(
    Guid Id,
    string Name,
    AccountKind Kind,
    AccountType Type,
    LifecycleStage Stage,
    string Source,
    string? Industry,
    string? CustomerLevel,
    string? City,
    string? Phone,
    string? Email,
    Guid? OwnerId,
    Guid? BranchId,
    decimal CreditLimit,
    string Currency,
    CreditStatus CreditStatus,
    DateTime? LastContactAt,
    DateTime CreatedAt,
    bool IsArchived)
{
    /// <summary>The custom-field values of the row, by key, for the list's custom columns.</summary>
    public IReadOnlyDictionary<string, object?> CustomFields { get; init; } = new Dictionary<string, object?>();
}

internal static class AccountSorts
{
    public const string Name = "name";
    public const string CreatedAt = "createdAt";
    public const string LastContactAt = "lastContactAt";
    public const string CreditLimit = "creditLimit";

    public static readonly string[] All = [Name, CreatedAt, LastContactAt, CreditLimit];

    public static string Canonical(string? sort) =>
        All.FirstOrDefault(s => string.Equals(s, sort?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Name;
}

internal sealed class ListAccountsValidator : AbstractValidator<ListAccountsQuery>
{
    public ListAccountsValidator(IDictionaries dictionaries)
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("Page starts at 1.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Sort).Must(s => string.IsNullOrWhiteSpace(s) || CustomFieldQueries.IsCustomSort(s) || AccountSorts.All.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase))
            .WithMessage($"Sort must be one of {string.Join(", ", AccountSorts.All)}, or cf.<key> of a custom field.");
        RuleFor(q => q.Filter.Stage).Must(AccountFields.IsEnumOrEmpty<LifecycleStage>).OverridePropertyName("stage")
            .WithMessage($"Stage must be one of {AccountFields.Names<LifecycleStage>()}.");
        // Retired entries too: old accounts still hold them. An industry filter may also be text typed before the
        // dictionary existed, so it is matched as given.
        RuleFor(q => q.Filter.Source).MaximumLength(50).OverridePropertyName("source")
            .InDictionary(dictionaries, DictionaryKeys.SourceChannel, allowRetired: _ => true);
        RuleFor(q => q.Filter.Industry).MaximumLength(100).OverridePropertyName("industry");
        RuleFor(q => q.Filter.CustomerLevel).MaximumLength(50).OverridePropertyName("customerLevel")
            .InDictionary(dictionaries, DictionaryKeys.CustomerLevel, allowRetired: _ => true);
        RuleFor(q => q.Filter.NotContactedForDays).InclusiveBetween(0, 36500).OverridePropertyName("notContactedForDays")
            .WithMessage("notContactedForDays must be between 0 and 36500.");
        RuleFor(q => q.Filter.Search).MaximumLength(100).OverridePropertyName("search");
        RuleFor(q => q.Cursor).Must((q, c) => c is null || Keyset.TryDecode(c, AccountSorts.Canonical(q.Sort), q.Descending, out _))
            .WithMessage("The cursor is not valid for this sort order; start again from the first page.");
    }
}

internal sealed class ListAccountsHandler(AccountsDbContext db, IRecordVisibility visibility, TimeProvider clock, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<ListAccountsQuery, PagedResult<AccountListItem>>
{
    public async Task<PagedResult<AccountListItem>> Handle(ListAccountsQuery query, CancellationToken cancellationToken)
    {
        var filter = await query.Filter.WithDictionaryCodesAsync(dictionaries, cancellationToken);
        var filtered = await filter.Apply(db, clock.GetUtcNow().UtcDateTime, await visibility.GetScopeAsync(cancellationToken))
            .FilterAsync(db, AccountFields.CustomFieldEntity, query.CustomFilters, cancellationToken);
        var custom = await filtered.SortAsync(db, AccountFields.CustomFieldEntity, query.Sort, query.Descending, cancellationToken);
        var sort = custom is null ? AccountSorts.Canonical(query.Sort) : query.Sort!.Trim();
        var ordered = custom?.ThenBy(a => a.Name).ThenBy(a => a.Id) ?? Order(filtered, sort, query.Descending);

        IQueryable<Account> page;
        // A custom-field order pages by offset; the keyset cursor covers the name and creation-date orders only.
        if (custom is null && query.Cursor is not null && Keyset.TryDecode(query.Cursor, sort, query.Descending, out var after))
        {
            page = Keyset.After(ordered, after!, query.Descending);
        }
        else
        {
            page = ordered.Skip((query.Page - 1) * query.PageSize);
        }

        var rows = await page.Take(query.PageSize + 1).Select(a => new AccountListItem(
                a.Id, a.Name, a.Kind, a.Type, a.Stage, a.Source, a.Industry, a.CustomerLevel, a.City, a.Phone, a.Email, a.OwnerId, a.BranchId,
                a.CreditLimit, a.Currency, a.CreditStatus, a.LastContactAtUtc, a.CreatedAtUtc, a.ArchivedAtUtc != null))
            .ToListAsync(cancellationToken);

        var hasMore = rows.Count > query.PageSize;
        var values = await customFields.ReadManyAsync(db, AccountFields.CustomFieldEntity, rows.Select(r => r.Id).ToList(), cancellationToken);
        var items = rows.Take(query.PageSize)
            .Select(r => values.TryGetValue(r.Id, out var v) ? r with { CustomFields = v } : r)
            .ToList();
        var next = hasMore && Keyset.Supports(sort) ? Keyset.Encode(sort, query.Descending, items[^1]) : null;
        long? total = query.IncludeTotal ? await filtered.LongCountAsync(cancellationToken) : null;
        return new PagedResult<AccountListItem>(items, query.Page, query.PageSize, hasMore, next, total);
    }

    private static IQueryable<Account> Order(IQueryable<Account> query, string sort, bool descending) => (sort, descending) switch
    {
        (AccountSorts.CreatedAt, false) => query.OrderBy(a => a.CreatedAtUtc).ThenBy(a => a.Id),
        (AccountSorts.CreatedAt, true) => query.OrderByDescending(a => a.CreatedAtUtc).ThenByDescending(a => a.Id),
        (AccountSorts.LastContactAt, false) => query.OrderBy(a => a.LastContactAtUtc).ThenBy(a => a.Name).ThenBy(a => a.Id),
        (AccountSorts.LastContactAt, true) => query.OrderByDescending(a => a.LastContactAtUtc).ThenBy(a => a.Name).ThenBy(a => a.Id),
        (AccountSorts.CreditLimit, false) => query.OrderBy(a => a.CreditLimit).ThenBy(a => a.Name).ThenBy(a => a.Id),
        (AccountSorts.CreditLimit, true) => query.OrderByDescending(a => a.CreditLimit).ThenBy(a => a.Name).ThenBy(a => a.Id),
        (_, false) => query.OrderBy(a => a.Name).ThenBy(a => a.Id),
        (_, true) => query.OrderByDescending(a => a.Name).ThenByDescending(a => a.Id),
    };
}

/// <summary>
/// Keyset ("seek") paging for the name and creation-date orders: the next page starts after the last row seen,
/// so page 5,000 costs what page 1 costs. The cursor is opaque to clients.
/// </summary>
internal static class Keyset
{
    internal sealed record Position(string Sort, bool Descending, string? Name, DateTime? CreatedAt, Guid Id);

    public static bool Supports(string sort) => sort is AccountSorts.Name or AccountSorts.CreatedAt;

    public static string Encode(string sort, bool descending, AccountListItem last)
    {
        var position = new Position(sort, descending, sort == AccountSorts.Name ? last.Name : null, sort == AccountSorts.CreatedAt ? last.CreatedAt : null, last.Id);
        return KeysetCursor.Encode(position);
    }

    public static bool TryDecode(string cursor, string sort, bool descending, out Position? position)
    {
        // A cursor from another sort or direction would seek on the wrong key: refuse it like a damaged one.
        position = KeysetCursor.TryDecode<Position>(cursor, out var decoded)
                   && decoded.Sort == sort && decoded.Descending == descending && Supports(sort)
                   && (sort != AccountSorts.Name || decoded.Name is not null) && (sort != AccountSorts.CreatedAt || decoded.CreatedAt is not null)
            ? decoded
            : null;
        return position is not null;
    }

    public static IQueryable<Account> After(IQueryable<Account> ordered, Position p, bool descending)
    {
        if (p.Sort == AccountSorts.CreatedAt)
        {
            var at = p.CreatedAt!.Value;
            return descending
                ? ordered.Where(a => a.CreatedAtUtc < at || (a.CreatedAtUtc == at && a.Id.CompareTo(p.Id) < 0))
                : ordered.Where(a => a.CreatedAtUtc > at || (a.CreatedAtUtc == at && a.Id.CompareTo(p.Id) > 0));
        }

        var name = p.Name!;
        return descending
            ? ordered.Where(a => a.Name.CompareTo(name) < 0 || (a.Name == name && a.Id.CompareTo(p.Id) < 0))
            : ordered.Where(a => a.Name.CompareTo(name) > 0 || (a.Name == name && a.Id.CompareTo(p.Id) > 0));
    }
}

internal static class ListAccountsEndpoint
{
    internal static RouteHandlerBuilder MapListAccounts(this IEndpointRouteBuilder app) =>
        app.MapGet("/", async Task<Ok<PagedResult<AccountListItem>>> (IMediator mediator, HttpRequest request, CancellationToken cancellationToken, int? page, int? pageSize, string? sort, string? direction, string? stage, Guid? ownerId, Guid? branchId, string? source, string? industry, string? tag, int? notContactedForDays, string? search, bool? includeArchived, string? cursor, bool? includeTotal, string? customerLevel) =>
        {
            var filter = new AccountFilter(stage, ownerId, branchId, source, industry, tag, notContactedForDays, search, includeArchived ?? false, customerLevel);
            var query = new ListAccountsQuery(
                filter, sort, string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase), page ?? 1, pageSize ?? 25, cursor, includeTotal ?? false)
            {
                CustomFilters = CustomFieldQueries.FiltersOf(request.Query),
            };
            return TypedResults.Ok(await mediator.Send(query, cancellationToken));
        })
            .WithName("ListAccounts")
            .WithSummary("Accounts you may see, paged on the server, filtered, sorted and searched (name, contacts, phone, e-mail); cf.<key>=value filters and sort=cf.<key> sorts on a custom field")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            .ProducesValidationProblem();
}
