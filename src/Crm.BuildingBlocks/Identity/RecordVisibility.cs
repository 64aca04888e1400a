using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Identity;

/// <summary>
/// Which owned records (accounts first; later deals, contracts, tickets) the acting person may see and change:
/// <list type="bullet">
/// <item><see cref="All"/>: every record (Administrator, Executive, Implementer, ProcessOwner; and system work);</item>
/// <item>otherwise the records <see cref="OwnerId"/> owns, plus, when <see cref="BranchId"/> is set, every record of
/// that branch (BranchManager);</item>
/// <item><see cref="None"/>: nothing (a signed-in user without any role).</item>
/// </list>
/// A record outside the scope does not exist for the caller: a module answers 404, not 403, so ids do not leak.
/// </summary>
public sealed record RecordScope
{
    private RecordScope(bool all, Guid? ownerId, Guid? branchId)
    {
        IsAll = all;
        OwnerId = ownerId;
        BranchId = branchId;
    }

    public static RecordScope All { get; } = new(true, null, null);

    public static RecordScope None { get; } = new(false, null, null);

    public bool IsAll { get; }

    /// <summary>Records owned by this staff member are visible (null with <see cref="IsAll"/> or <see cref="None"/>).</summary>
    public Guid? OwnerId { get; }

    /// <summary>Records of this branch are visible too (a branch manager's branch).</summary>
    public Guid? BranchId { get; }

    public static RecordScope Own(Guid ownerId) => new(false, ownerId, null);

    public static RecordScope OwnAndBranch(Guid ownerId, Guid? branchId) => new(false, ownerId, branchId);

    /// <summary>The same rule as the query filter, for a record already in memory.</summary>
    public bool Allows(Guid? ownerId, Guid? branchId) =>
        IsAll || (OwnerId is not null && ownerId == OwnerId) || (BranchId is not null && branchId == BranchId);
}

/// <summary>Works out the acting person's <see cref="RecordScope"/> (once per request).</summary>
public interface IRecordVisibility
{
    Task<RecordScope> GetScopeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The owned records the acting person may give to someone else (reassign, leaver transfer), which is narrower
    /// than what they may read: an administrator (and system work) every record, a branch manager its branch's and
    /// its own, everyone else nothing (an executive reads everything but reassigns nothing).
    /// </summary>
    Task<RecordScope> GetAssignScopeAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The role → scope matrix (docs/adr/0025-record-visibility.md). Roles are read from the principal; the branch of a
/// branch manager from the staff directory, so moving a manager to another branch takes effect on the next request.
/// </summary>
internal sealed class RecordVisibility(ICurrentUser user, IStaffDirectory staff, IHttpContextAccessor http) : IRecordVisibility
{
    /// <summary>Roles that see every record.</summary>
    internal static readonly string[] SeeAll = [CrmRoles.Administrator, CrmRoles.Executive, CrmRoles.Implementer, CrmRoles.ProcessOwner];

    private RecordScope? _scope;

    public async Task<RecordScope> GetScopeAsync(CancellationToken cancellationToken = default) =>
        _scope ??= await ResolveAsync(cancellationToken);

    public async Task<RecordScope> GetAssignScopeAsync(CancellationToken cancellationToken = default)
    {
        if (!user.IsAuthenticated)
        {
            return http.HttpContext is null ? RecordScope.All : RecordScope.None;
        }

        if (user.IsInRole(CrmRoles.Administrator))
        {
            return RecordScope.All;
        }

        if (user.UserId is { } userId && user.IsInRole(CrmRoles.BranchManager))
        {
            var member = await staff.FindAsync(userId, cancellationToken);
            return RecordScope.OwnAndBranch(userId, member?.BranchId);
        }

        return RecordScope.None;
    }

    private async Task<RecordScope> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!user.IsAuthenticated)
        {
            // Background work (jobs, workflows, the outbox) acts for the system and sees everything. An anonymous web
            // request never should get here (every route has a policy), but if one does, it sees nothing.
            return http.HttpContext is null ? RecordScope.All : RecordScope.None;
        }

        if (SeeAll.Any(user.IsInRole))
        {
            return RecordScope.All;
        }

        if (user.UserId is not { } userId)
        {
            return RecordScope.None;
        }

        if (user.IsInRole(CrmRoles.BranchManager))
        {
            var member = await staff.FindAsync(userId, cancellationToken);
            return RecordScope.OwnAndBranch(userId, member?.BranchId);
        }

        return user.IsInRole(CrmRoles.Sales) || user.IsInRole(CrmRoles.Service) ? RecordScope.Own(userId) : RecordScope.None;
    }
}
