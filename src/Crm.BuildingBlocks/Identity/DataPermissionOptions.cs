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

    public DataPermissionLevel LevelOf(string role) =>
        Levels.TryGetValue(role, out var level) ? level : Defaults.GetValueOrDefault(role, DataPermissionLevel.None);
}
