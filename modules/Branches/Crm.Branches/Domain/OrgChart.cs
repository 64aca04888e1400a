namespace Crm.Branches.Domain;

/// <summary>
/// Who reports to whom on one day, worked out from the units, the primary memberships of that day and the explicit
/// reporting lines. A person reports to their override if they have one; otherwise to the manager of their unit, or,
/// when they lead that unit themselves (or it has no manager), to the manager of the nearest unit above.
/// </summary>
internal sealed class OrgChart
{
    private readonly Dictionary<Guid, OrgUnit> _units;
    private readonly Dictionary<Guid, Guid> _unitOf;
    private readonly Dictionary<Guid, Guid> _overrides;

    public OrgChart(IEnumerable<OrgUnit> units, IEnumerable<Membership> memberships, IEnumerable<ReportingLine> overrides, DateOnly date)
    {
        _units = units.ToDictionary(u => u.Id);
        _unitOf = memberships.Where(m => m.IsPrimary && m.IsActiveOn(date))
            .GroupBy(m => m.PersonId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.From).First().UnitId);
        _overrides = overrides.ToDictionary(o => o.PersonId, o => o.ManagerId);
    }

    public Guid? UnitOf(Guid personId) => _unitOf.TryGetValue(personId, out var unit) ? unit : null;

    public bool Knows(Guid personId) => _unitOf.ContainsKey(personId) || _overrides.ContainsKey(personId);

    public Guid? ManagerOf(Guid personId)
    {
        if (_overrides.TryGetValue(personId, out var manager))
        {
            return manager;
        }

        // Someone who leads a unit without being placed in one still sits where they lead (the highest such unit).
        var unit = UnitOf(personId) is { } id
            ? _units.GetValueOrDefault(id)
            : _units.Values.Where(u => u.ManagerId == personId).OrderBy(u => u.Depth).FirstOrDefault();
        for (var steps = 0; unit is not null && steps <= _units.Count; steps++)
        {
            if (unit.ManagerId is { } m && m != personId)
            {
                return m;
            }

            unit = unit.ParentId is { } parent ? _units.GetValueOrDefault(parent) : null;
        }

        return null;
    }

    /// <summary>The manager, their manager and so on; stops at the top or where a chain would loop back on itself.</summary>
    public IReadOnlyList<Guid> ManagerChain(Guid personId)
    {
        var chain = new List<Guid>();
        var seen = new HashSet<Guid> { personId };
        for (var next = ManagerOf(personId); next is { } m && seen.Add(m); next = ManagerOf(m))
        {
            chain.Add(m);
        }

        return chain;
    }

    /// <summary>Everyone whose manager chain passes through <paramref name="personId"/>.</summary>
    public IReadOnlyList<Guid> ReportsOf(Guid personId)
    {
        var people = _unitOf.Keys.Concat(_overrides.Keys).Concat(_units.Values.Where(u => u.ManagerId is not null).Select(u => u.ManagerId!.Value)).ToHashSet();
        return people.Where(p => p != personId && ManagerChain(p).Contains(personId)).Order().ToList();
    }
}
