using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Quotes;

/// <summary>
/// Every quote revision the caller may see, newest first, a page at a time (keyset cursor): the quotes page. Rows are
/// light (no lines); <see cref="ListQuotesQuery"/> stays the full list of one opportunity.
/// </summary>
internal sealed record BrowseQuotesQuery(string? Status, string? Number, bool LatestOnly, int PageSize, string? Cursor) : IRequest<PagedResult<QuoteListItem>>
{
    /// <summary>Only this account's quotes (the customer page's quotes tab).</summary>
    public Guid? AccountId { get; init; }
}

internal sealed record QuoteListItem(
    Guid Id,
    string Number,
    int Revision,
    Guid OpportunityId,
    string Opportunity,
    Guid AccountId,
    QuoteStatus Status,
    decimal Total,
    decimal DiscountPercent,
    DateOnly ValidUntil,
    Guid? OwnerId,
    DateTime CreatedAt,
    string Currency);

internal sealed class BrowseQuotesValidator : AbstractValidator<BrowseQuotesQuery>
{
    public BrowseQuotesValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<QuoteStatus>).WithMessage($"Status must be one of {Fields.Names<QuoteStatus>()}.");
        RuleFor(q => q.Number).MaximumLength(40);
        RuleFor(q => q.Cursor).Must(c => c is null || QuoteCursor.TryDecode(c, out _)).WithMessage("The cursor is not valid; start again from the first page.");
    }
}

internal sealed class BrowseQuotesHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<BrowseQuotesQuery, PagedResult<QuoteListItem>>
{
    public async Task<PagedResult<QuoteListItem>> Handle(BrowseQuotesQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var visible = db.Opportunities.VisibleTo(scope);
        var quotes = db.Quotes.AsNoTracking().Where(q => visible.Any(o => o.Id == q.OpportunityId));
        if (Fields.ParseOrNull<QuoteStatus>(query.Status) is { } status)
        {
            quotes = quotes.Where(q => q.Status == status);
        }

        if (query.AccountId is { } accountId)
        {
            quotes = quotes.Where(q => q.AccountId == accountId);
        }

        if (query.LatestOnly)
        {
            // Only a superseded revision has a newer one (Revise supersedes the latest).
            quotes = quotes.Where(q => q.Status != QuoteStatus.Superseded);
        }

        if (query.Number?.Trim() is { Length: > 0 } number)
        {
            var pattern = "%" + number.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            quotes = quotes.Where(q => EF.Functions.Like(q.Number, pattern, "\\"));
        }

        if (query.Cursor is not null && QuoteCursor.TryDecode(query.Cursor, out var after))
        {
            var at = after!.CreatedAt;
            var id = after.Id;
            quotes = quotes.Where(q => q.CreatedAtUtc < at || (q.CreatedAtUtc == at && q.Id.CompareTo(id) < 0));
        }

        var rows = await quotes.OrderByDescending(q => q.CreatedAtUtc).ThenByDescending(q => q.Id)
            .Take(query.PageSize + 1)
            .Select(q => new QuoteListItem(
                q.Id, q.Number, q.Revision, q.OpportunityId, db.Opportunities.Where(o => o.Id == q.OpportunityId).Select(o => o.Name).First(),
                q.AccountId, q.Status, q.Total, q.DiscountPercent, q.ValidUntil, q.OwnerId, q.CreatedAtUtc, q.Currency))
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        var items = rows.Take(query.PageSize).ToList();
        return new PagedResult<QuoteListItem>(items, 1, query.PageSize, hasMore, hasMore ? QuoteCursor.Encode(items[^1]) : null, null);
    }
}

internal static class QuoteCursor
{
    internal sealed record Position(DateTime CreatedAt, Guid Id);

    public static string Encode(QuoteListItem last) =>
        KeysetCursor.Encode(new Position(last.CreatedAt, last.Id));

    public static bool TryDecode(string cursor, out Position? position) => KeysetCursor.TryDecode(cursor, out position);
}

internal static class BrowseQuotesEndpoint
{
    internal static RouteHandlerBuilder MapBrowseQuotes(this IEndpointRouteBuilder app) =>
        app.MapGet("/quotes/pages", Handle)
            .WithName("BrowseQuotes")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Quote revisions newest first, a page at a time (keyset cursor), by status, number, account, latest revisions only")
            .ProducesValidationProblem();

    private static async Task<Ok<PagedResult<QuoteListItem>>> Handle(
        IMediator mediator, CancellationToken cancellationToken, string? status, string? number, Guid? accountId, bool? latestOnly, int? pageSize, string? cursor) =>
        TypedResults.Ok(await mediator.Send(new BrowseQuotesQuery(status, number, latestOnly ?? false, pageSize ?? 25, cursor) { AccountId = accountId }, cancellationToken));
}
