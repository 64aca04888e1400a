using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;

namespace Crm.Funnel.Features.Shared;

/// <summary>
/// The running totals (ADR 0034) follow the same visibility rule as the opportunities they sum (ADR 0025); they keep
/// owner and branch as non-null keys, so they name them for the shared filter. Leads and opportunities use
/// <see cref="OwnedRecordVisibility"/> directly.
/// </summary>
internal static class FunnelVisibility
{
    public static IQueryable<FunnelTotal> VisibleTo(this IQueryable<FunnelTotal> totals, RecordScope scope) =>
        totals.VisibleTo(scope, t => t.OwnerKey, t => t.BranchKey);

    public static IQueryable<StageReach> VisibleTo(this IQueryable<StageReach> reach, RecordScope scope) =>
        reach.VisibleTo(scope, t => t.OwnerKey, t => t.BranchKey);
}
