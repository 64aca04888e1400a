namespace Crm.BuildingBlocks.Identity;

/// <summary>
/// How far a role sees owned records, as Chinese CRMs offer it (数据权限). Wider levels include the narrower ones'
/// records of the person themselves.
/// </summary>
public enum DataPermissionLevel
{
    /// <summary>Nothing (a role without record access).</summary>
    None = 0,

    /// <summary>本人: the records one owns.</summary>
    Own = 1,

    /// <summary>本人及下属: one's own and those of everyone who reports to one, directly or not.</summary>
    OwnAndReports = 2,

    /// <summary>本部门: one's own and every record of one's unit.</summary>
    Unit = 3,

    /// <summary>本部门及下属部门: one's own and every record of one's unit and the units below it.</summary>
    UnitSubtree = 4,

    /// <summary>全部: every record.</summary>
    All = 5,

    /// <summary>
    /// 指定部门: one's own and every record of the units configured for the role
    /// (<see cref="DataPermissionOptions.ChosenUnits"/>), exactly those, not the units below them. It is not wider or
    /// narrower than the others, so it sits last and a person who also holds a role at another level gets both.
    /// </summary>
    ChosenUnits = 6,
}

/// <summary>
/// <c>DataPermission:Levels:&lt;Role&gt;</c>: the level of each role; a person with several roles gets the widest. Roles not
/// listed keep the defaults below (ADR 0101).
/// </summary>
public sealed class DataPermissionOptions
{
    public const string Section = "DataPermission";

    public static IReadOnlyDictionary<string, DataPermissionLevel> Defaults { get; } = new Dictionary<string, DataPermissionLevel>(StringComparer.OrdinalIgnoreCase)
    {
        [CrmRoles.Administrator] = DataPermissionLevel.All,
        [CrmRoles.Executive] = DataPermissionLevel.All,
        [CrmRoles.Implementer] = DataPermissionLevel.All,
        [CrmRoles.ProcessOwner] = DataPermissionLevel.All,
        [CrmRoles.BranchManager] = DataPermissionLevel.UnitSubtree,
        [CrmRoles.Sales] = DataPermissionLevel.Own,
        [CrmRoles.Service] = DataPermissionLevel.Own,
    };

    public Dictionary<string, DataPermissionLevel> Levels { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>DataPermission:ChosenUnits:&lt;Role&gt;:0</c>, …: the units a role at <see cref="DataPermissionLevel.ChosenUnits"/> sees.</summary>
    public Dictionary<string, List<Guid>> ChosenUnits { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The units configured for <paramref name="role"/>; empty unless its level is <see cref="DataPermissionLevel.ChosenUnits"/>.</summary>
    public IReadOnlyList<Guid> ChosenUnitsOf(string role) =>
        LevelOf(role) == DataPermissionLevel.ChosenUnits && ChosenUnits.TryGetValue(role, out var units) ? units : [];

    public DataPermissionLevel LevelOf(string role) =>
        Levels.TryGetValue(role, out var level) ? level : Defaults.GetValueOrDefault(role, DataPermissionLevel.None);
}
