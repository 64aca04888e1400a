using Crm.BuildingBlocks.Application;
using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.PublicApi;

internal sealed class FunnelApi(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IFunnelApi
{
    private static readonly LeadStatus[] OpenLeads = [LeadStatus.New, LeadStatus.Working, LeadStatus.Qualified];

    public async Task<OpportunitySummary?> GetOpportunityAsync(Guid opportunityId, CancellationToken cancellationToken = default) =>
        (await SummariesAsync(db.Opportunities.Where(o => o.Id == opportunityId), 1, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<OpportunitySummary>> ListOpportunitiesForAccountAsync(Guid accountId, int limit = 100, CancellationToken cancellationToken = default) =>
        SummariesAsync(db.Opportunities.Where(o => o.AccountId == accountId), Math.Clamp(limit, 1, 1000), cancellationToken);

    public async Task<LeadSummary?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken = default) =>
        await db.Leads.AsNoTracking().Where(l => l.Id == leadId)
            .Select(l => new LeadSummary(l.Id, l.Name, l.Company, l.Email, l.Phone, l.Source.ToString(), l.Status.ToString(), l.OwnerId, l.Queue, l.CampaignId,
                l.ConvertedAccountId, l.ConvertedOpportunityId))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<FunnelHandover> TransferOwnershipAsync(Guid fromOwnerId, Guid toOwnerId, string reason, CancellationToken cancellationToken = default)
    {
        if (fromOwnerId == toOwnerId)
        {
            throw new BusinessRuleException("The new owner must differ from the current owner.", "toOwnerId");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var leads = await db.Leads.Where(l => l.OwnerId == fromOwnerId && OpenLeads.Contains(l.Status)).ToListAsync(cancellationToken);
        foreach (var lead in leads)
        {
            db.LeadAssignments.Add(lead.Assign(toOwnerId, null, AssignmentStrategy.Manual, reason, null, user.Id, now)!);
        }

        var opportunities = await db.Opportunities.Where(o => o.OwnerId == fromOwnerId && o.Status == OpportunityStatus.Open).ToListAsync(cancellationToken);
        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).ToDictionaryAsync(p => p.Id, cancellationToken);
        var deltas = new List<StatisticsDelta>();
        foreach (var opportunity in opportunities)
        {
            var pipeline = pipelines[opportunity.PipelineId];
            var before = Contribution.Of(opportunity, pipeline);
            opportunity.ChangeOwner(toOwnerId, user.Id, now);
            deltas.Add(Contribution.Diff(before, Contribution.Of(opportunity, pipeline)));
        }

        await StatisticsStore.SaveAsync(db, StatisticsDelta.Combine(deltas), cancellationToken);
        return new FunnelHandover(leads.Count, opportunities.Count);
    }

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
