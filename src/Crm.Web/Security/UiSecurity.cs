using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Security;

/// <summary>
/// Whether this host signs people in, and what the current user may do. Without an authentication scheme (a host built
/// without the identity component) the UI stays open, as the API is then: nothing is filtered by policy.
/// </summary>
public sealed class UiSecurity(IServiceProvider services)
{
    private readonly Lazy<bool> _signInEnabled = new(() =>
        services.GetService<IAuthenticationSchemeProvider>() is { } schemes
        && schemes.GetDefaultChallengeSchemeAsync().GetAwaiter().GetResult() is not null);

    /// <summary>True when an authentication scheme can challenge (redirect to <c>/login</c>).</summary>
    public bool SignInEnabled => _signInEnabled.Value;

    /// <summary>
    /// Whether the user passes <paramref name="policy"/> (a <c>CrmPolicies</c> name), to show or hide actions; the
    /// request handlers and endpoints enforce the same policies, so hiding is for clarity, not protection.
    /// </summary>
    public async Task<bool> AllowsAsync(Task<AuthenticationState>? state, string policy)
    {
        if (!SignInEnabled)
        {
            return true;
        }

        var user = state is null ? new ClaimsPrincipal() : (await state).User;
        return user.Identity?.IsAuthenticated == true
               && (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, policy)).Succeeded;
    }
}
