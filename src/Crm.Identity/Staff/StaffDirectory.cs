using Crm.BuildingBlocks.Identity;
using Crm.Identity.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Staff;

/// <summary>The staff directory over the user store: every user is a staff member, with manager, branch and roles.</summary>
internal sealed class StaffDirectory(CrmIdentityDbContext db) : IStaffDirectory
{
    public async Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([userId], cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<StaffMember>> FindManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        return ids.Count == 0 ? [] : await LoadAsync(db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)), cancellationToken);
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(string? role = null, Guid? branchId = null, CancellationToken cancellationToken = default)
    {
        var users = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (role is not null)
        {
            var normalized = role.ToUpperInvariant();
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized)));
        }

        if (branchId is { } branch)
        {
            users = users.Where(u => u.BranchId == branch);
        }

        return await LoadAsync(users, cancellationToken);
    }

    private async Task<IReadOnlyList<StaffMember>> LoadAsync(IQueryable<Domain.CrmUser> users, CancellationToken cancellationToken)
    {
        var rows = await users.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.ManagerId, u.BranchId, u.IsActive })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await db.UserRoles.AsNoTracking()
                .Where(ur => ids.Contains(ur.UserId))
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        return rows.Select(r => new StaffMember(
                r.Id, r.UserName ?? "", r.DisplayName, r.Email, r.ManagerId, r.BranchId, roles[r.Id].Order(StringComparer.Ordinal).ToList(), r.IsActive))
            .ToList();
    }
}
