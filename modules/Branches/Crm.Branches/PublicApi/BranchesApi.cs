using Crm.Branches.Domain;
using Crm.Branches.Persistence;
using Crm.Branches.PublicApi;
using Crm.BuildingBlocks.Organisation;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.PublicApi;

/// <summary>
/// The organisation from the unit tree. A person the tree does not know yet (no membership, no reporting line) keeps
/// the branch and manager of their staff profile, so switching the module on for an existing installation changes
/// nobody's visibility until people are placed in units (ADR 0100).
/// </summary>
internal sealed class BranchesApi(BranchesDbContext db, StaffProfileOrganisation profiles) : IBranchesApi
{
    private OrgChart? _chart;
    private DateOnly _chartDate;

    public async Task<Guid?> UnitOfAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var chart = await ChartAsync(date, cancellationToken);
        return chart.Knows(personId) || await HasMembershipAsync(personId, cancellationToken)
            ? chart.UnitOf(personId)
            : await profiles.UnitOfAsync(personId, date, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> SubtreeAsync(Guid unitId, CancellationToken cancellationToken = default)
    {
        var path = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
        if (path is null)
        {
            // A branch id from a staff profile that was never made a unit: it is a unit of its own, as without the module.
            return [unitId];
        }

        return await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(path)).Select(u => u.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ManagerChainAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var chart = await ChartAsync(date, cancellationToken);
        return chart.Knows(personId) ? chart.ManagerChain(personId) : await profiles.ManagerChainAsync(personId, date, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ReportsOfAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default) =>
        (await ChartAsync(date, cancellationToken)).ReportsOf(personId);

    public async Task<Guid?> ManagerOfUnitAsync(Guid unitId, CancellationToken cancellationToken = default)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.ManagerId }).ToDictionaryAsync(u => u.Id, cancellationToken);
        if (!units.ContainsKey(unitId))
        {
            return await profiles.ManagerOfUnitAsync(unitId, cancellationToken);
        }

        // Up the tree to the nearest unit with a manager; the step limit guards against a corrupted parent loop.
        var current = units.GetValueOrDefault(unitId);
        for (var steps = 0; current is not null && steps <= units.Count; steps++)
        {
            if (current.ManagerId is { } manager)
            {
                return manager;
            }

            current = current.ParentId is { } parent ? units.GetValueOrDefault(parent) : null;
        }

        return null;
    }

    public async Task<IReadOnlyList<Guid>> MembersOfAsync(Guid unitId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var chart = await ChartAsync(date, cancellationToken);
        var placed = await db.Memberships.AsNoTracking()
            .Where(m => m.UnitId == unitId && m.IsPrimary && m.From <= date && (m.To == null || m.To >= date))
            .Select(m => m.PersonId).ToListAsync(cancellationToken);
        // People the tree does not know yet still count in their staff profile's branch (ADR 0100).
        var everPlaced = await db.Memberships.AsNoTracking().Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        var unplaced = (await profiles.MembersOfAsync(unitId, date, cancellationToken)).Where(p => !chart.Knows(p) && !everPlaced.Contains(p));
        return placed.Concat(unplaced).Distinct().Order().ToList();
    }

    public async Task<IReadOnlyList<UnitSummary>> ListUnitsAsync(CancellationToken cancellationToken = default) =>
        (await db.Units.AsNoTracking().OrderBy(u => u.Path).ToListAsync(cancellationToken))
        .Select(u => new UnitSummary(u.Id, u.ParentId, u.Name, u.Code, u.ManagerId, u.TimeZone, u.Depth))
        .ToList();

    public async Task<IReadOnlyList<OrganisationUnit>> UnitsAsync(CancellationToken cancellationToken = default) =>
        (await db.Units.AsNoTracking().OrderBy(u => u.Path).Select(u => new { u.Id, u.ParentId, u.Name, u.Depth }).ToListAsync(cancellationToken))
        .Select(u => new OrganisationUnit(u.Id, u.ParentId, u.Name, u.Depth))
        .ToList();

    private Task<bool> HasMembershipAsync(Guid personId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking().AnyAsync(m => m.PersonId == personId, cancellationToken);

    // The whole chart is small (units and the memberships of one day) and a request asks several questions about it.
    private async Task<OrgChart> ChartAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (_chart is not null && _chartDate == date)
        {
            return _chart;
        }

        var units = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.IsPrimary && m.From <= date && (m.To == null || m.To >= date))
            .ToListAsync(cancellationToken);
        var lines = await db.ReportingLines.AsNoTracking().ToListAsync(cancellationToken);
        _chartDate = date;
        return _chart = new OrgChart(units, memberships, lines, date);
    }
}
