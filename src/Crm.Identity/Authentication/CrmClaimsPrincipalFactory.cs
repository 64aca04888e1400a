using System.Security.Claims;
using Crm.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Identity.Authentication;

/// <summary>
/// The claims of a signed-in person or API key: Identity's own (NameIdentifier = the user's Guid, Name = user name,
/// roles, security stamp) plus the display name, so pages can greet the user without a database call.
/// </summary>
internal sealed class CrmClaimsPrincipalFactory(UserManager<CrmUser> users, RoleManager<CrmRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CrmUser, CrmRole>(users, roles, options)
{
    public const string DisplayNameClaim = "crm:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CrmUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}

/// <summary>
/// Identity calls an account "confirmed" when it may sign in (<c>SignIn.RequireConfirmedAccount</c>); for us that is an
/// active user. A deactivated user's password check is then refused before the password is even compared.
/// </summary>
internal sealed class ActiveUserConfirmation : IUserConfirmation<CrmUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<CrmUser> manager, CrmUser user) => Task.FromResult(user.IsActive);
}
