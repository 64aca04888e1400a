namespace Crm.BuildingBlocks.Identity;

/// <summary>
/// Who works here: the staff profile behind a user (manager, branch, roles). Implemented by the identity component;
/// the inbox uses it for group queues, escalation to a manager and out-of-office routing, modules for visibility rules.
/// </summary>
public interface IStaffDirectory
{
    /// <summary>The staff member, or null when the id is unknown.</summary>
    Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The given staff members; unknown ids are left out.</summary>
    Task<IReadOnlyList<StaffMember>> FindManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default);

    /// <summary>Active staff filtered by role and/or branch (null = any), ordered by display name.</summary>
    Task<IReadOnlyList<StaffMember>> ListAsync(string? role = null, Guid? branchId = null, CancellationToken cancellationToken = default);
}

/// <summary>A person's staff profile. <see cref="ManagerId"/> is who escalations go to.</summary>
public sealed record StaffMember(
    Guid UserId,
    string UserName,
    string DisplayName,
    string? Email,
    Guid? ManagerId,
    Guid? BranchId,
    IReadOnlyList<string> Roles,
    bool IsActive);
