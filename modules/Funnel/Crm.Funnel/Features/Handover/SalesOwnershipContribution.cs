using Crm.BuildingBlocks.Application;
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
        var leads = await db.Leads.VisibleTo(handover.Scope)
            .Where(l => l.OwnerId == handover.FromOwnerId && OpenLeads.Contains(l.Status))
            .ToListAsync(cancellationToken);
        foreach (var lead in leads)
        {
            db.LeadAssignments.Add(lead.Assign(handover.ToOwnerId, null, AssignmentStrategy.Manual, handover.Reason, null, user.Id, now)!);
        }

        var opportunities = await db.Opportunities.VisibleTo(handover.Scope)
            .Where(o => o.OwnerId == handover.FromOwnerId && o.Status == OpportunityStatus.Open)
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
}
