using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Users;

/// <summary>A user as the administration pages show it. <see cref="ConcurrencyStamp"/> goes back in an update to detect a concurrent edit.</summary>
internal sealed record UserResponse(
    Guid Id,
    string UserName,
    string DisplayName,
    string? Email,
    string? PhoneNumber,
    IReadOnlyList<string> Roles,
    Guid? ManagerId,
    Guid? BranchId,
    bool IsActive,
    bool IsLockedOut,
    DateTimeOffset? LockoutEnd,
    int AccessFailedCount,
    DateTime CreatedAt,
    DateTime? LastSignInAt,
    string? ConcurrencyStamp)
{
    public static UserResponse From(CrmUser u, IReadOnlyList<string> roles, DateTimeOffset now) => new(
        u.Id, u.UserName ?? "", u.DisplayName, u.Email, u.PhoneNumber, roles, u.ManagerId, u.BranchId, u.IsActive,
        u.IsLockedOut(now), u.IsLockedOut(now) ? u.LockoutEnd : null, u.AccessFailedCount, u.CreatedAtUtc, u.LastSignInAtUtc, u.ConcurrencyStamp);
}

internal static class UserRoles
{
    /// <summary>Role names per user for the given users, in one query.</summary>
    public static async Task<Dictionary<Guid, List<string>>> ForAsync(CrmIdentityDbContext db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var rows = await db.UserRoles.AsNoTracking()
            .Where(ur => userIds.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<IReadOnlyList<string>> OfAsync(CrmIdentityDbContext db, Guid userId, CancellationToken cancellationToken) =>
        (await ForAsync(db, [userId], cancellationToken)).GetValueOrDefault(userId) ?? [];
}
