using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Security;

/// <summary>
/// Whether this host signs people in. Without an authentication scheme (a host built without the identity component)
/// the UI stays open, as the API is: menus are not filtered by role and no sign-in is offered.
/// </summary>
public sealed class UiSecurity(IServiceProvider services)
{
    private readonly Lazy<bool> _signInEnabled = new(() =>
        services.GetService<IAuthenticationSchemeProvider>() is { } schemes
        && schemes.GetDefaultChallengeSchemeAsync().GetAwaiter().GetResult() is not null);

    /// <summary>True when an authentication scheme can challenge (redirect to <c>/login</c>).</summary>
    public bool SignInEnabled => _signInEnabled.Value;
}
