using Crm.BuildingBlocks.Identity;

namespace Crm.Funnel.Tests.Support;

/// <summary>Stands in for the identity component's staff directory (not on this branch): three salespeople and their manager.</summary>
public sealed class InMemoryStaffDirectory : IStaffDirectory
{
    public static readonly Guid Manager = Guid.Parse("aaaa0000-0000-4000-8000-00000000000a");
    public static readonly Guid User1 = Guid.Parse("aaaa0000-0000-4000-8000-000000000001");
    public static readonly Guid User2 = Guid.Parse("aaaa0000-0000-4000-8000-000000000002");
    public static readonly Guid User3 = Guid.Parse("aaaa0000-0000-4000-8000-000000000003");
    public static readonly Guid Branch = Guid.Parse("bbbb0000-0000-4000-8000-000000000001");

    public List<StaffMember> Staff { get; } =
    [
        new(Manager, "manager", "Sales Manager", "manager@example.test", null, Branch, [CrmRoles.BranchManager], true),
        new(User1, "user1", "User 1", "user1@example.test", Manager, Branch, [CrmRoles.Sales], true),
        new(User2, "user2", "User 2", "user2@example.test", Manager, Branch, [CrmRoles.Sales], true),
        new(User3, "user3", "User 3", "user3@example.test", Manager, Branch, [CrmRoles.Sales], true),
    ];

    public Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Staff.FirstOrDefault(s => s.UserId == userId));

    public Task<IReadOnlyList<StaffMember>> FindManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffMember>>(Staff.Where(s => userIds.Contains(s.UserId)).ToList());

    public Task<IReadOnlyList<StaffMember>> ListAsync(string? role = null, Guid? branchId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffMember>>(Staff
            .Where(s => s.IsActive && (role is null || s.Roles.Contains(role)) && (branchId is null || s.BranchId == branchId))
            .OrderBy(s => s.DisplayName, StringComparer.Ordinal)
            .ToList());
}
