using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
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
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Campaigns;

internal sealed record GetCampaignQuery(Guid Id) : IRequest<CampaignResponse>;

internal sealed class GetCampaignHandler(FunnelDbContext db, IOptions<MoneyOptions> money) : IRequestHandler<GetCampaignQuery, CampaignResponse>
{
    public async Task<CampaignResponse> Handle(GetCampaignQuery query, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().Include(c => c.Costs).Include(c => c.Participants).Include(c => c.Reminders).AsSplitQuery()
                           .FirstOrDefaultAsync(c => c.Id == query.Id, cancellationToken)
                       ?? throw new NotFoundException($"Campaign {query.Id} does not exist.");
        return CampaignResponse.From(campaign, await ResultsAsync(campaign, cancellationToken));
    }
    private async Task<CampaignResults> ResultsAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var leads = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaign.Id)
            .GroupBy(l => l.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var opportunities = await db.Opportunities.AsNoTracking().Where(o => o.CampaignId == campaign.Id)
            .GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.Count(), Amount = g.Sum(o => o.CompanyAmount) }).ToListAsync(cancellationToken);
        var won = opportunities.FirstOrDefault(o => o.Status == OpportunityStatus.Won);
        var wonRevenue = won?.Amount ?? 0m;
        var company = money.Value.CompanyCurrency;
        decimal? roi = campaign.ActualCost > 0 && campaign.Currency == company ? decimal.Round((wonRevenue - campaign.ActualCost) * 100m / campaign.ActualCost, 1) : null;
        return new CampaignResults(
            leads.Sum(l => l.Count), leads.Where(l => l.Status == LeadStatus.Converted).Sum(l => l.Count), opportunities.Sum(o => o.Count),
            opportunities.FirstOrDefault(o => o.Status == OpportunityStatus.Open)?.Amount ?? 0m, won?.Count ?? 0, wonRevenue, campaign.ActualCost, roi, company);
    }
}

internal static class GetCampaignEndpoint
{
    internal static void MapGetCampaign(this IEndpointRouteBuilder app)
    {
        app.MapGet("/campaigns/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) => Versioning.Ok(response, await mediator.Send(new GetCampaignQuery(id), ct)))
            .WithName("GetCampaign")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("A campaign with costs, participants, reminders and results (leads, conversions, pipeline, won revenue, ROI)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
