using System.Security.Claims;
using Crm.Identity.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.SignIn;

/// <summary>The signed-in person as the UI and scripts see it (<c>GET /api/auth/me</c>).</summary>
internal sealed record ProfileResponse(
    Guid UserId, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, Guid? BranchId, Guid? ManagerId);

internal sealed record GetProfileQuery(Guid UserId) : IRequest<ProfileResponse?>;

internal sealed class GetProfileHandler(CrmIdentityDbContext db) : IRequestHandler<GetProfileQuery, ProfileResponse?>
{
    public async Task<ProfileResponse?> Handle(GetProfileQuery query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.BranchId, u.ManagerId })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await db.UserRoles.Where(r => r.UserId == query.UserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .OrderBy(n => n)
            .ToListAsync(cancellationToken);
        return new ProfileResponse(user.Id, user.UserName ?? "", user.DisplayName, user.Email, roles, user.BranchId, user.ManagerId);
    }

    /// <summary>
    /// A principal without a stored user (a test or another trusted scheme) still gets an answer, from its claims.
    /// </summary>
    public static ProfileResponse FromClaims(Guid userId, ClaimsPrincipal principal) => new(
        userId,
        principal.Identity?.Name ?? userId.ToString(),
        principal.FindFirstValue(Authentication.CrmClaimsPrincipalFactory.DisplayNameClaim) ?? principal.Identity?.Name ?? userId.ToString(),
        principal.FindFirstValue(ClaimTypes.Email),
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
        null,
        null);
}
