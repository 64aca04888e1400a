using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Campaigns;

/// <summary>
/// The campaign list page: the same filters and order as <see cref="ListCampaignsQuery"/>, one page at a time with a
/// keyset cursor on (start, id) like the other lists (ADR 0011, 0031).
/// </summary>
internal sealed record PageCampaignsQuery(string? Status, string? Type, string? Search, int PageSize, string? Cursor) : IRequest<PagedResult<CampaignListItem>>;

internal sealed class PageCampaignsValidator : AbstractValidator<PageCampaignsQuery>
{
    public PageCampaignsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<CampaignStatus>).WithMessage($"Status must be one of {Fields.Names<CampaignStatus>()}.");
        RuleFor(q => q.Type).Must(Fields.IsEnumOrEmpty<CampaignType>).WithMessage($"Type must be one of {Fields.Names<CampaignType>()}.");
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Cursor).Must(c => c is null || CampaignCursor.TryDecode(c, out _)).WithMessage("The cursor is not valid; start again from the first page.");
    }
}

internal sealed class PageCampaignsHandler(FunnelDbContext db) : IRequestHandler<PageCampaignsQuery, PagedResult<CampaignListItem>>
{
    public async Task<PagedResult<CampaignListItem>> Handle(PageCampaignsQuery query, CancellationToken cancellationToken)
    {
        var campaigns = Filter(query.Status, query.Type, query.Search);
        if (query.Cursor is not null && CampaignCursor.TryDecode(query.Cursor, out var after))
        {
            campaigns = campaigns.Where(c => c.StartsAtUtc < after!.StartsAt || (c.StartsAtUtc == after.StartsAt && c.Id.CompareTo(after.Id) > 0));
        }

        var rows = await campaigns.OrderByDescending(c => c.StartsAtUtc).ThenBy(c => c.Id).Take(query.PageSize + 1)
            .Select(c => new CampaignListItem(c.Id, c.Name, c.Type, c.StartsAtUtc, c.EndsAtUtc, c.Budget, c.ActualCost, c.Status, c.OwnerId, c.Currency))
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        var items = rows.Take(query.PageSize).ToList();
        return new PagedResult<CampaignListItem>(items, 1, query.PageSize, hasMore, hasMore ? CampaignCursor.Encode(items[^1]) : null, null);
    }
    private IQueryable<Campaign> Filter(string? statusName, string? typeName, string? search)
    {
        IQueryable<Campaign> campaigns = db.Campaigns.AsNoTracking();
        if (Fields.ParseOrNull<CampaignStatus>(statusName) is { } status)
        {
            campaigns = campaigns.Where(c => c.Status == status);
        }

        if (Fields.ParseOrNull<CampaignType>(typeName) is { } type)
        {
            campaigns = campaigns.Where(c => c.Type == type);
        }

        // Every word in the name or topic. LIKE rather than Contains: SQLite's instr() is case-sensitive. An installation
        // has hundreds of campaigns, not millions, so a scan is fine and no search column is kept.
        foreach (var term in (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            campaigns = campaigns.Where(c => EF.Functions.Like(c.Name, pattern, "\\") || (c.Topic != null && EF.Functions.Like(c.Topic, pattern, "\\")));
        }

        return campaigns;
    }
}
