using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
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

namespace Crm.Funnel.Features.Leads;

/// <summary>
/// Leads newest first, filtered. <see cref="Mine"/> restricts to the signed-in user's leads ("my leads");
/// <see cref="Unassigned"/> to leads with no owner (in a queue or waiting for the assignment workflow).
/// </summary>
internal sealed record ListLeadsQuery(
    string? Status,
    bool OpenOnly,
    Guid? OwnerId,
    bool Mine,
    bool Unassigned,
    string? Queue,
    string? Source,
    Guid? CampaignId,
    string? Search,
    int PageSize,
    string? Cursor) : IRequest<PagedResult<LeadListItem>>
{
    /// <summary>Only the leads converted into this account (the customer page's leads tab).</summary>
    public Guid? AccountId { get; init; }

    /// <summary>The <c>cf.key=value</c> filters of the query string (ADR 0121).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CustomFilters { get; init; } = [];
}

internal sealed record LeadListItem(
    Guid Id,
    string Name,
    string? Company,
    string? Email,
    string? Phone,
    string Source,
    LeadCapture CapturedVia,
    LeadStatus Status,
    Guid? OwnerId,
    string? Queue,
    Guid? CampaignId,
    DateTime? LastFollowUpAt,
    int EscalationCount,
    DateTime CreatedAt)
{
    /// <summary>The custom-field values of the row, by key.</summary>
    public IReadOnlyDictionary<string, object?> CustomFields { get; init; } = new Dictionary<string, object?>();
}

internal sealed class ListLeadsValidator : AbstractValidator<ListLeadsQuery>
{
    public ListLeadsValidator(IDictionaries dictionaries)
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<LeadStatus>).WithMessage($"Status must be one of {Fields.Names<LeadStatus>()}.");
        // Retired entries too: old leads still hold them.
        RuleFor(q => q.Source).MaximumLength(50).InDictionary(dictionaries, DictionaryKeys.SourceChannel, allowRetired: _ => true);
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Cursor).Must(c => c is null || LeadCursor.TryDecode(c, out _)).WithMessage("The cursor is not valid; start again from the first page.");
    }
}

internal sealed class ListLeadsHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<ListLeadsQuery, PagedResult<LeadListItem>>
{
    private static readonly LeadStatus[] Open = [LeadStatus.New, LeadStatus.Working, LeadStatus.Qualified];

    public async Task<PagedResult<LeadListItem>> Handle(ListLeadsQuery query, CancellationToken cancellationToken)
    {
        IQueryable<Lead> leads = db.Leads.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken));
        if (query.Mine)
        {
            var me = user.UserId ?? throw new BusinessRuleException("'My leads' needs a signed-in user.", "mine");
            leads = leads.Where(l => l.OwnerId == me);
        }

        if (query.OwnerId is { } ownerId)
        {
            leads = leads.Where(l => l.OwnerId == ownerId);
        }

        if (query.Unassigned)
        {
            leads = leads.Where(l => l.OwnerId == null);
        }

        if (Fields.ParseOrNull<LeadStatus>(query.Status) is { } status)
        {
            leads = leads.Where(l => l.Status == status);
        }
        else if (query.OpenOnly)
        {
            leads = leads.Where(l => Open.Contains(l.Status));
        }

        if (!string.IsNullOrWhiteSpace(query.Queue))
        {
            var queue = query.Queue.Trim();
            leads = leads.Where(l => l.Queue == queue);
        }

        if (await dictionaries.CodeAsync(DictionaryKeys.SourceChannel, query.Source, cancellationToken) is { } source)
        {
            leads = leads.Where(l => l.Source == source);
        }

        if (query.CampaignId is { } campaignId)
        {
            leads = leads.Where(l => l.CampaignId == campaignId);
        }

        if (query.AccountId is { } accountId)
        {
            leads = leads.Where(l => l.ConvertedAccountId == accountId);
        }

        foreach (var term in (query.Search ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            // On PostgreSQL a LIKE, which the pg_trgm GIN index on SearchText answers (ADR 0061).
            var pattern = LikePattern.Containing(term);
            leads = db.Database.IsNpgsql()
                ? leads.Where(l => EF.Functions.Like(l.SearchText, pattern, LikePattern.Escape))
                : leads.Where(l => l.SearchText.Contains(term));
        }

        leads = await leads.FilterAsync(db, FunnelCustomFields.Lead, query.CustomFilters, cancellationToken);
        if (query.Cursor is not null && LeadCursor.TryDecode(query.Cursor, out var after))
        {
            leads = leads.Where(l => l.CreatedAtUtc < after!.CreatedAt || (l.CreatedAtUtc == after.CreatedAt && l.Id.CompareTo(after.Id) < 0));
        }

        var rows = await leads.OrderByDescending(l => l.CreatedAtUtc).ThenByDescending(l => l.Id)
            .Take(query.PageSize + 1)
            .Select(l => new LeadListItem(
                l.Id, l.Name, l.Company, l.Email, l.Phone, l.Source, l.CapturedVia, l.Status, l.OwnerId, l.Queue, l.CampaignId, l.LastFollowUpAtUtc,
                l.EscalationCount, l.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        var values = await customFields.ReadManyAsync(db, FunnelCustomFields.Lead, rows.Select(r => r.Id).ToList(), cancellationToken);
        var items = rows.Take(query.PageSize).Select(r => values.TryGetValue(r.Id, out var v) ? r with { CustomFields = v } : r).ToList();
        return new PagedResult<LeadListItem>(items, 1, query.PageSize, hasMore, hasMore ? LeadCursor.Encode(items[^1]) : null, null);
    }
}

/// <summary>Keyset paging on (CreatedAt, Id) descending: deep pages cost what the first one costs (ADR 0011).</summary>
internal static class LeadCursor
{
    internal sealed record Position(DateTime CreatedAt, Guid Id);

    public static string Encode(LeadListItem last) =>
        KeysetCursor.Encode(new Position(last.CreatedAt, last.Id));

    public static bool TryDecode(string cursor, out Position? position) => KeysetCursor.TryDecode(cursor, out position);
}

internal static class ListLeadsEndpoint
{
    internal static RouteHandlerBuilder MapListLeads(this IEndpointRouteBuilder app) =>
        app.MapGet("/leads", Handle)
            .WithName("ListLeads")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Leads, newest first (keyset cursor), filtered by status, owner, 'mine', unassigned, queue, source, campaign, converted account or search")
            .ProducesValidationProblem();

    private static async Task<Ok<PagedResult<LeadListItem>>> Handle(
        IMediator mediator,
        HttpRequest request,
        CancellationToken cancellationToken,
        string? status,
        bool? open,
        Guid? ownerId,
        bool? mine,
        bool? unassigned,
        string? queue,
        string? source,
        Guid? campaignId,
        Guid? accountId,
        string? search,
        int? pageSize,
        string? cursor) =>
        TypedResults.Ok(await mediator.Send(
            new ListLeadsQuery(status, open ?? false, ownerId, mine ?? false, unassigned ?? false, queue, source, campaignId, search, pageSize ?? 25, cursor)
            {
                AccountId = accountId,
                CustomFilters = CustomFieldQueries.FiltersOf(request.Query),
            },
            cancellationToken));
}
