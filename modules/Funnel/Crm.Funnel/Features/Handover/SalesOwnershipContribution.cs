using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Ownership;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Handover;

/// <summary>
/// The Funnel part of a leaver transfer: the leaver's open leads and open opportunities the caller may reassign (the
/// handover's scope, the same filters as every sales read) go to the successor in one transaction, with the funnel
/// statistics moved along. Closed work keeps its owner: it records who won or lost it.
/// </summary>
internal sealed class SalesOwnershipContribution(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IOwnershipContribution
{
    private static readonly LeadStatus[] OpenLeads = [LeadStatus.New, LeadStatus.Working, LeadStatus.Qualified];

    public string Module => FunnelModule.ModuleName;

    public async Task<IReadOnlyList<HandedOver>> HandOverAsync(OwnershipHandover handover, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leads = await MovableLeads(handover.Scope)
            .Where(l => l.OwnerId == handover.FromOwnerId)
            .ToListAsync(cancellationToken);
        foreach (var lead in leads)
        {
            db.LeadAssignments.Add(lead.Assign(handover.ToOwnerId, null, AssignmentStrategy.Manual, handover.Reason, null, user.Id, now)!);
        }

        var opportunities = await MovableOpportunities(handover.Scope)
            .Where(o => o.OwnerId == handover.FromOwnerId)
            .ToListAsync(cancellationToken);
        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).ToDictionaryAsync(p => p.Id, cancellationToken);
        var deltas = new List<StatisticsDelta>();
        foreach (var opportunity in opportunities)
        {
            var pipeline = pipelines[opportunity.PipelineId];
            var before = Contribution.Of(opportunity, pipeline);
            opportunity.ChangeOwner(handover.ToOwnerId, user.Id, now);
            deltas.Add(Contribution.Diff(before, Contribution.Of(opportunity, pipeline)));
        }

        await StatisticsStore.SaveAsync(db, StatisticsDelta.Combine(deltas), cancellationToken);
        return
        [
            new HandedOver("leads", "lead", "leads", leads.Count),
            new HandedOver("opportunities", "opportunity", "opportunities", opportunities.Count),
        ];
    }

    public async Task<IReadOnlyList<OwnedRecords>> CountAsync(IReadOnlyCollection<Guid> ownerIds, RecordScope scope, CancellationToken cancellationToken)
    {
        var ids = ownerIds.ToList();
        var leads = await MovableLeads(scope)
            .Where(l => l.OwnerId != null && ids.Contains(l.OwnerId.Value))
            .GroupBy(l => l.OwnerId!.Value)
            .Select(g => new { Owner = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Owner, g => g.Count, cancellationToken);
        var opportunities = await MovableOpportunities(scope)
            .Where(o => o.OwnerId != null && ids.Contains(o.OwnerId.Value))
            .GroupBy(o => o.OwnerId!.Value)
            .Select(g => new { Owner = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Owner, g => g.Count, cancellationToken);
        return [.. leads.PerOwner(ids, "leads", "lead", "leads"), .. opportunities.PerOwner(ids, "opportunities", "opportunity", "opportunities")];
    }

    // What a handover moves and what a preview counts: open work the scope reaches (closed work keeps its owner).
    private IQueryable<Lead> MovableLeads(RecordScope scope) => db.Leads.VisibleTo(scope).Where(l => OpenLeads.Contains(l.Status));

    private IQueryable<Opportunity> MovableOpportunities(RecordScope scope) => db.Opportunities.VisibleTo(scope).Where(o => o.Status == OpportunityStatus.Open);
}
