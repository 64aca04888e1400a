using Crm.BuildingBlocks.Records;

namespace Crm.Branches.Domain;

/// <summary>
/// A unit of the organisation (HQ, region, branch, team) in a tree of any depth. <see cref="Path"/> is the materialised
/// path of ids from the root ("/root/region/branch/"), so "this unit and everything below it" is one prefix match on an
/// indexed column (ADR 0100).
/// </summary>
internal sealed class OrgUnit : AuditedRecord
{
    private OrgUnit()
    {
    }

    public Guid Id { get; private set; }

    public Guid? ParentId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Short code unique in the company ("SH", "SH-T1"): what imports, reports and territory rules name.</summary>
    public string Code { get; private set; } = "";

    /// <summary>The staff member who leads the unit; the people of the unit report to them unless overridden.</summary>
    public Guid? ManagerId { get; private set; }

    /// <summary>IANA time zone ("Asia/Shanghai"): the unit's working day and due times are reckoned in it.</summary>
    public string TimeZone { get; private set; } = "";

    public string Path { get; private set; } = "";

    public int Depth { get; private set; }

    public static string PathSegment(Guid id) => id.ToString("N") + "/";

    public static OrgUnit Create(Guid id, OrgUnit? parent, string name, string code, Guid? managerId, string timeZone, string by, DateTime nowUtc)
    {
        var unit = new OrgUnit { Id = id, Name = name, Code = code, ManagerId = managerId, TimeZone = timeZone };
        unit.Place(parent);
        unit.StampCreated(by, nowUtc);
        return unit;
    }

    public void Update(string name, string code, Guid? managerId, string timeZone, string by, DateTime nowUtc)
    {
        Name = name;
        Code = code;
        ManagerId = managerId;
        TimeZone = timeZone;
        Touch(by, nowUtc);
    }

    /// <summary>Whether <paramref name="other"/> is this unit or lies below it.</summary>
    public bool Contains(OrgUnit other) => other.Path.StartsWith(Path, StringComparison.Ordinal);

    /// <summary>
    /// Moves this unit under <paramref name="parent"/> and rewrites the paths of <paramref name="descendants"/> (every unit
    /// below this one). Moving a unit under itself or its own subtree would cut the tree, so it is refused by the caller.
    /// </summary>
    public void MoveUnder(OrgUnit? parent, IEnumerable<OrgUnit> descendants, string by, DateTime nowUtc)
    {
        var oldPath = Path;
        var oldDepth = Depth;
        Place(parent);
        foreach (var child in descendants)
        {
            child.Path = Path + child.Path[oldPath.Length..];
            child.Depth = child.Depth - oldDepth + Depth;
        }

        Touch(by, nowUtc);
    }

    private void Place(OrgUnit? parent)
    {
        ParentId = parent?.Id;
        Path = (parent?.Path ?? "/") + PathSegment(Id);
        Depth = parent is null ? 0 : parent.Depth + 1;
    }
}
