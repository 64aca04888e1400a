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

internal sealed record ListCampaignsQuery(string? Status, string? Type, DateTime? From, DateTime? To, int PageSize, string? Search = null)
    : IRequest<IReadOnlyList<CampaignListItem>>;

internal sealed class ListCampaignsValidator : AbstractValidator<ListCampaignsQuery>
{
    public ListCampaignsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<CampaignStatus>).WithMessage($"Status must be one of {Fields.Names<CampaignStatus>()}.");
        RuleFor(q => q.Type).Must(Fields.IsEnumOrEmpty<CampaignType>).WithMessage($"Type must be one of {Fields.Names<CampaignType>()}.");
        RuleFor(q => q.Search).MaximumLength(100);
    }
}

internal sealed class ListCampaignsHandler(FunnelDbContext db) : IRequestHandler<ListCampaignsQuery, IReadOnlyList<CampaignListItem>>
{
    public async Task<IReadOnlyList<CampaignListItem>> Handle(ListCampaignsQuery query, CancellationToken cancellationToken)
    {
        var campaigns = Filter(query.Status, query.Type, query.Search);
        if (Fields.ToUtc(query.From) is { } from)
        {
            campaigns = campaigns.Where(c => c.EndsAtUtc >= from);
        }

        if (Fields.ToUtc(query.To) is { } to)
        {
            campaigns = campaigns.Where(c => c.StartsAtUtc <= to);
        }

        return await campaigns.OrderByDescending(c => c.StartsAtUtc).ThenBy(c => c.Id).Take(query.PageSize)
            .Select(c => new CampaignListItem(c.Id, c.Name, c.Type, c.StartsAtUtc, c.EndsAtUtc, c.Budget, c.ActualCost, c.Status, c.OwnerId, c.Currency))
            .ToListAsync(cancellationToken);
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

internal static class ListCampaignsEndpoint
{
    internal static void MapListCampaigns(this IEndpointRouteBuilder app)
    {
        app.MapGet("/campaigns", async (string? status, string? type, DateTime? from, DateTime? to, string? search, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCampaignsQuery(status, type, from, to, pageSize ?? 50, search), ct)))
            .WithName("ListCampaigns")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Campaigns, latest start first, filtered by status, type, a date range they overlap and words of the name or topic")
            .ProducesValidationProblem();
    }
}
