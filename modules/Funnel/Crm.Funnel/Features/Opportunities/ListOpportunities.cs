using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
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

namespace Crm.Funnel.Features.Opportunities;

/// <summary>Opportunities ordered by expected close date (keyset cursor), filtered.</summary>
internal sealed record ListOpportunitiesQuery(
    string? Status,
    Guid? PipelineId,
    Guid? StageId,
    Guid? OwnerId,
    bool Mine,
    Guid? AccountId,
    Guid? CampaignId,
    DateOnly? CloseFrom,
    DateOnly? CloseTo,
    int PageSize,
    string? Cursor) : IRequest<PagedResult<OpportunityListItem>>
{
    /// <summary>Words that must all occur in the opportunity's name (case-insensitive).</summary>
    public string? Search { get; init; }

    /// <summary>The <c>cf.key=value</c> filters of the query string (ADR 0121).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CustomFilters { get; init; } = [];
}

internal sealed record OpportunityListItem(
    Guid Id,
    string Name,
    Guid AccountId,
    Guid PipelineId,
    Guid StageId,
    OpportunityStatus Status,
    decimal Amount,
    DateOnly ExpectedCloseDate,
    Guid? OwnerId,
    Guid? CampaignId,
    string? NextStep,
    DateTime StageChangedAt,
    string Currency)
{
    /// <summary>The custom-field values of the row, by key.</summary>
    public IReadOnlyDictionary<string, object?> CustomFields { get; init; } = new Dictionary<string, object?>();
}

internal sealed class ListOpportunitiesValidator : AbstractValidator<ListOpportunitiesQuery>
{
    public ListOpportunitiesValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<OpportunityStatus>).WithMessage($"Status must be one of {Fields.Names<OpportunityStatus>()}.");
        RuleFor(q => q.CloseTo).GreaterThanOrEqualTo(q => q.CloseFrom).When(q => q.CloseFrom is not null && q.CloseTo is not null)
            .WithMessage("closeTo must not be before closeFrom.");
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Cursor).Must(c => c is null || OpportunityCursor.TryDecode(c, out _)).WithMessage("The cursor is not valid; start again from the first page.");
    }
}

internal sealed class ListOpportunitiesHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, CustomFieldValues customFields)
    : IRequestHandler<ListOpportunitiesQuery, PagedResult<OpportunityListItem>>
{
    public async Task<PagedResult<OpportunityListItem>> Handle(ListOpportunitiesQuery query, CancellationToken cancellationToken)
    {
        IQueryable<Opportunity> opportunities = db.Opportunities.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken));
        if (Fields.ParseOrNull<OpportunityStatus>(query.Status) is { } status)
        {
            opportunities = opportunities.Where(o => o.Status == status);
        }

        if (query.Mine)
        {
            var me = user.UserId ?? throw new BusinessRuleException("'My opportunities' needs a signed-in user.", "mine");
            opportunities = opportunities.Where(o => o.OwnerId == me);
        }

        if (query.OwnerId is { } ownerId)
        {
            opportunities = opportunities.Where(o => o.OwnerId == ownerId);
        }

        if (query.PipelineId is { } pipelineId)
        {
            opportunities = opportunities.Where(o => o.PipelineId == pipelineId);
        }

        if (query.StageId is { } stageId)
        {
            opportunities = opportunities.Where(o => o.StageId == stageId);
        }

        if (query.AccountId is { } accountId)
        {
            opportunities = opportunities.Where(o => o.AccountId == accountId);
        }

        if (query.CampaignId is { } campaignId)
        {
            opportunities = opportunities.Where(o => o.CampaignId == campaignId);
        }

        if (query.CloseFrom is { } from)
        {
            opportunities = opportunities.Where(o => o.ExpectedCloseDate >= from);
        }

        if (query.CloseTo is { } to)
        {
            opportunities = opportunities.Where(o => o.ExpectedCloseDate <= to);
        }

        // LIKE is case-insensitive for these names on both stores (SQLite ASCII, SQL Server's default collation).
        foreach (var term in (query.Search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            opportunities = opportunities.Where(o => EF.Functions.Like(o.Name, pattern, "\\"));
        }

        opportunities = await opportunities.FilterAsync(db, FunnelCustomFields.Opportunity, query.CustomFilters, cancellationToken);
        if (query.Cursor is not null && OpportunityCursor.TryDecode(query.Cursor, out var after))
        {
            var date = after!.ExpectedCloseDate;
            var id = after.Id;
            opportunities = opportunities.Where(o => o.ExpectedCloseDate > date || (o.ExpectedCloseDate == date && o.Id.CompareTo(id) > 0));
        }

        var rows = await opportunities.OrderBy(o => o.ExpectedCloseDate).ThenBy(o => o.Id)
            .Take(query.PageSize + 1)
            .Select(o => new OpportunityListItem(
                o.Id, o.Name, o.AccountId, o.PipelineId, o.StageId, o.Status, o.Amount, o.ExpectedCloseDate, o.OwnerId, o.CampaignId, o.NextStep, o.StageChangedAtUtc, o.Currency))
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        var values = await customFields.ReadManyAsync(db, FunnelCustomFields.Opportunity, rows.Select(r => r.Id).ToList(), cancellationToken);
        var items = rows.Take(query.PageSize).Select(r => values.TryGetValue(r.Id, out var v) ? r with { CustomFields = v } : r).ToList();
        return new PagedResult<OpportunityListItem>(items, 1, query.PageSize, hasMore, hasMore ? OpportunityCursor.Encode(items[^1]) : null, null);
    }
}

internal static class OpportunityCursor
{
    internal sealed record Position(DateOnly ExpectedCloseDate, Guid Id);

    public static string Encode(OpportunityListItem last) =>
        KeysetCursor.Encode(new Position(last.ExpectedCloseDate, last.Id));

    public static bool TryDecode(string cursor, out Position? position) => KeysetCursor.TryDecode(cursor, out position);
}

internal static class ListOpportunitiesEndpoint
{
    internal static RouteHandlerBuilder MapListOpportunities(this IEndpointRouteBuilder app) =>
        app.MapGet("/opportunities", Handle)
            .WithName("ListOpportunities")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Opportunities by expected close date (keyset cursor), filtered by status, pipeline, stage, owner, 'mine', account, campaign, close-date range, search (words of the name)")
            .ProducesValidationProblem();

    private static async Task<Ok<PagedResult<OpportunityListItem>>> Handle(
        IMediator mediator,
        HttpRequest request,
        CancellationToken cancellationToken,
        string? status,
        Guid? pipelineId,
        Guid? stageId,
        Guid? ownerId,
        bool? mine,
        Guid? accountId,
        Guid? campaignId,
        DateOnly? closeFrom,
        DateOnly? closeTo,
        int? pageSize,
        string? cursor,
        string? search) =>
        TypedResults.Ok(await mediator.Send(
            new ListOpportunitiesQuery(status, pipelineId, stageId, ownerId, mine ?? false, accountId, campaignId, closeFrom, closeTo, pageSize ?? 25, cursor) { Search = search, CustomFilters = CustomFieldQueries.FiltersOf(request.Query) },
            cancellationToken));
}
