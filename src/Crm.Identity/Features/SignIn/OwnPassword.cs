using System.Security.Claims;
using Crm.BuildingBlocks.Application;
using Crm.Identity.Auditing;
using Crm.Identity.Authentication;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Crm.Identity.Features.SignIn;

/// <summary>
/// Changing one's own password, for <c>POST /api/auth/password</c> and the "My account" page alike: checks the current
/// password and the password rules, audits the change, and renews the caller's cookie (the change rotates the security
/// stamp, which would otherwise end this session along with the others).
/// </summary>
internal sealed class OwnPassword(UserManager<CrmUser> users, SignInManager<CrmUser> signIn, IdentityAudit audit, CrmIdentityDbContext db)
{
    /// <summary>Null when changed; otherwise the field errors (<c>currentPassword</c>, <c>newPassword</c>).</summary>
    public async Task<Dictionary<string, string[]>?> ChangeAsync(ClaimsPrincipal principal, string? currentPassword, string? newPassword, CancellationToken cancellationToken)
    {
        var user = SignInEndpoints.UserId(principal) is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null)
        {
            throw new NotFoundException("Only a stored user has a password to change.");
        }

        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword))
        {
            return new Dictionary<string, string[]>
            {
                [string.IsNullOrEmpty(currentPassword) ? "currentPassword" : "newPassword"] = ["Both the current and the new password are required."],
            };
        }

        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return result.Errors
                .GroupBy(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        }

        audit.UserChange(user.Id, IdentityAudit.Actions.PasswordChanged, null);
        await db.SaveChangesAsync(cancellationToken);

        if (principal.FindFirst(ApiKeyAuthenticationHandler.ApiKeyIdClaim) is null
            && principal.Identity?.AuthenticationType == CrmAuthenticationSchemes.Cookie)
        {
            await signIn.RefreshSignInAsync(user);
        }

        return null;
    }
}
