using Crm.BuildingBlocks.PublicApi;

namespace Crm.Branches.PublicApi;

/// <summary>
/// The organisation tree for other modules: everything the platform asks through <see cref="IOrganisation"/> (a person's
/// unit at a date, a unit's subtree, a person's manager chain) plus the units themselves, for pickers and reports.
/// </summary>
public interface IBranchesApi : IOrganisation
{
    /// <summary>Every unit, parents before children (ordered by their path in the tree, then name).</summary>
    Task<IReadOnlyList<UnitSummary>> ListUnitsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A unit of the organisation: HQ, a region, a branch, a team. <see cref="TimeZone"/> is an IANA id ("Asia/Shanghai").</summary>
public sealed record UnitSummary(Guid Id, Guid? ParentId, string Name, string Code, Guid? ManagerId, string TimeZone, int Depth);
