using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;

namespace Crm.Inbox.Bench;

/// <summary>Who the next mediator call acts as: the bench sets it per call, as a signed-in request would.</summary>
internal static class BenchIdentity
{
    public static readonly AsyncLocal<StaffMember?> Current = new();
}

internal sealed class BenchCurrentUser : ICurrentUser
{
    public string Id => BenchIdentity.Current.Value?.UserId.ToString() ?? "system";

    public Guid? UserId => BenchIdentity.Current.Value?.UserId;

    public bool IsAuthenticated => BenchIdentity.Current.Value is not null;

    public bool IsInRole(string role) => BenchIdentity.Current.Value?.Roles.Contains(role) == true;
}

/// <summary>The bench's staff, in memory (the identity component's directory is a lookup by key as well).</summary>
internal sealed class BenchDirectory(IReadOnlyList<StaffMember> staff) : IStaffDirectory
{
    private readonly Dictionary<Guid, StaffMember> _byId = staff.ToDictionary(s => s.UserId);

    public Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken = default) => Task.FromResult(_byId.GetValueOrDefault(userId));

    public Task<IReadOnlyList<StaffMember>> FindManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffMember>>(userIds.Select(id => _byId.GetValueOrDefault(id)).OfType<StaffMember>().ToList());

    public Task<IReadOnlyList<StaffMember>> ListAsync(string? role = null, Guid? branchId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffMember>>(_byId.Values.Where(s => (role is null || s.Roles.Contains(role)) && (branchId is null || s.BranchId == branchId)).ToList());
}
