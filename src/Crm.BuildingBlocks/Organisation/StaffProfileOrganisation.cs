using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;

namespace Crm.BuildingBlocks.Organisation;

/// <summary>
/// The organisation when the Branches module is off: the company is one level of units, each person's unit is the
/// branch on their staff profile, no unit has units below it, and reports-to is the profile's manager (ADR 0100). The
/// Branches module replaces this registration with its tree, and falls back to it for people it has no membership for.
/// </summary>
public sealed class StaffProfileOrganisation(IStaffDirectory staff) : IOrganisation
{
    public async Task<Guid?> UnitOfAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default) =>
        (await staff.FindAsync(personId, cancellationToken))?.BranchId;

    public Task<IReadOnlyList<Guid>> SubtreeAsync(Guid unitId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Guid>>([unitId]);

    public async Task<IReadOnlyList<Guid>> ManagerChainAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var chain = new List<Guid>();
        var seen = new HashSet<Guid> { personId };
        var next = (await staff.FindAsync(personId, cancellationToken))?.ManagerId;
        while (next is { } manager && seen.Add(manager))
        {
            chain.Add(manager);
            next = (await staff.FindAsync(manager, cancellationToken))?.ManagerId;
        }

        return chain;
    }

    public async Task<IReadOnlyList<Guid>> ReportsOfAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var managerOf = (await staff.ListAsync(cancellationToken: cancellationToken)).ToDictionary(s => s.UserId, s => s.ManagerId);
        return managerOf.Keys.Where(p => p != personId && ReportsTo(p, personId, managerOf)).Order().ToList();
    }

    /// <summary>Without the tree a unit is a branch, and the branch's manager is its active member in the BranchManager role.</summary>
    public async Task<Guid?> ManagerOfUnitAsync(Guid unitId, CancellationToken cancellationToken = default) =>
        (await staff.ListAsync(CrmRoles.BranchManager, unitId, cancellationToken)).Where(s => s.IsActive).OrderBy(s => s.UserId).Select(s => (Guid?)s.UserId).FirstOrDefault();

    public async Task<IReadOnlyList<Guid>> MembersOfAsync(Guid unitId, DateOnly date, CancellationToken cancellationToken = default) =>
        (await staff.ListAsync(branchId: unitId, cancellationToken: cancellationToken)).Where(s => s.IsActive).Select(s => s.UserId).Order().ToList();

    public Task<IReadOnlyList<OrganisationUnit>> UnitsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrganisationUnit>>([]);

    private static bool ReportsTo(Guid person, Guid manager, Dictionary<Guid, Guid?> managerOf)
    {
        var seen = new HashSet<Guid> { person };
        for (var next = managerOf.GetValueOrDefault(person); next is { } m && seen.Add(m); next = managerOf.GetValueOrDefault(m))
        {
            if (m == manager)
            {
                return true;
            }
        }

        return false;
    }
}
