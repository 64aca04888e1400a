using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.PublicApi;

internal sealed class FunnelApi(FunnelDbContext db) : IFunnelApi
{
    public async Task<OpportunitySummary?> GetOpportunityAsync(Guid opportunityId, CancellationToken cancellationToken = default) =>
        (await SummariesAsync(db.Opportunities.Where(o => o.Id == opportunityId), 1, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<OpportunitySummary>> ListOpportunitiesForAccountAsync(Guid accountId, int limit = 100, CancellationToken cancellationToken = default) =>
        SummariesAsync(db.Opportunities.Where(o => o.AccountId == accountId), Math.Clamp(limit, 1, 1000), cancellationToken);

    public async Task<LeadSummary?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken = default) =>
        await db.Leads.AsNoTracking().Where(l => l.Id == leadId)
            .Select(l => new LeadSummary(l.Id, l.Name, l.Company, l.Email, l.Phone, l.Source.ToString(), l.Status.ToString(), l.OwnerId, l.Queue, l.CampaignId,
                l.ConvertedAccountId, l.ConvertedOpportunityId))
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<IReadOnlyList<OpportunitySummary>> SummariesAsync(IQueryable<Opportunity> query, int limit, CancellationToken cancellationToken)
    {
        var rows = await query.AsNoTracking()
            .OrderBy(o => o.Status == OpportunityStatus.Open ? 0 : 1).ThenBy(o => o.ExpectedCloseDate)
            .Take(limit)
            .Join(db.PipelineStages, o => o.StageId, s => s.Id, (o, s) => new { o, Stage = s.Name, s.Probability })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new OpportunitySummary(
                r.o.Id, r.o.Name, r.o.AccountId, r.o.PipelineId, r.Stage, r.o.Status.ToString(), r.o.Amount, r.Probability, r.o.ExpectedCloseDate,
                r.o.OwnerId, r.o.BranchId, r.o.CampaignId, r.o.ClosedAtUtc, r.o.LostReason, r.o.Competitor))
            .ToList();
    }
}
