using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;

namespace Crm.Funnel.Features.Shared;

/// <summary>
/// Record visibility of the sales records (ADR 0025, docs/modules/funnel.md "Who sees what"): sales people see their own
/// leads and opportunities, branch managers their branch's too, head-office roles everything. Leads without an owner
/// (waiting in a queue) are visible to everyone who may read leads, so a queue's members can take them. Every read and
/// every change starts from these filters, so a record outside the scope is not found (404). The funnel views apply the
/// same rule to their running totals.
/// </summary>
internal static class FunnelVisibility
{
    public static IQueryable<Lead> VisibleTo(this IQueryable<Lead> leads, RecordScope scope)
    {
        if (scope.IsAll)
        {
            return leads;
        }

        var owner = scope.OwnerId;
        var branch = scope.BranchId;
        return (owner, branch) switch
        {
            (null, null) => leads.Where(l => false),
            (_, null) => leads.Where(l => l.OwnerId == owner || l.OwnerId == null),
            (null, _) => leads.Where(l => l.BranchId == branch || l.OwnerId == null),
            _ => leads.Where(l => l.OwnerId == owner || l.BranchId == branch || l.OwnerId == null),
        };
    }

    public static IQueryable<Opportunity> VisibleTo(this IQueryable<Opportunity> opportunities, RecordScope scope)
    {
        if (scope.IsAll)
        {
            return opportunities;
        }

        var owner = scope.OwnerId;
        var branch = scope.BranchId;
        return (owner, branch) switch
        {
            (null, null) => opportunities.Where(o => false),
            (_, null) => opportunities.Where(o => o.OwnerId == owner),
            (null, _) => opportunities.Where(o => o.BranchId == branch),
            _ => opportunities.Where(o => o.OwnerId == owner || o.BranchId == branch),
        };
    }

    public static IQueryable<FunnelTotal> VisibleTo(this IQueryable<FunnelTotal> totals, RecordScope scope)
    {
        if (scope.IsAll)
        {
            return totals;
        }

        var owner = scope.OwnerId ?? Guid.NewGuid();
        var branch = scope.BranchId ?? Guid.NewGuid();
        return scope.OwnerId is null && scope.BranchId is null ? totals.Where(t => false) : totals.Where(t => t.OwnerKey == owner || t.BranchKey == branch);
    }

    public static IQueryable<StageReach> VisibleTo(this IQueryable<StageReach> reach, RecordScope scope)
    {
        if (scope.IsAll)
        {
            return reach;
        }

        var owner = scope.OwnerId ?? Guid.NewGuid();
        var branch = scope.BranchId ?? Guid.NewGuid();
        return scope.OwnerId is null && scope.BranchId is null ? reach.Where(t => false) : reach.Where(t => t.OwnerKey == owner || t.BranchKey == branch);
    }
}
