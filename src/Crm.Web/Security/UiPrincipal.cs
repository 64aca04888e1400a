using System.Security.Claims;
using Crm.BuildingBlocks.Web;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http;

namespace Crm.Web.Security;

/// <summary>
/// The principal of an interactive circuit (or of a <see cref="UiMediator"/> operation scope). A circuit outlives the
/// HTTP request that opened it, so the request's principal is not the right source there.
/// </summary>
public sealed class UiPrincipal
{
    public ClaimsPrincipal? User { get; set; }
}

/// <summary>Keeps <see cref="UiPrincipal"/> equal to the circuit's authentication state (which sign-out or expiry change).</summary>
internal sealed class UiPrincipalCircuitHandler(UiPrincipal principal, AuthenticationStateProvider authentication) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnChanged;
        principal.User = (await authentication.GetAuthenticationStateAsync()).User;
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            principal.User = (await state).User;
        }
        catch (InvalidOperationException)
        {
            // The provider has no state yet; the next change sets it.
        }
    }
}

/// <summary>
/// <see cref="Crm.BuildingBlocks.Application.ICurrentUser"/> for a host with the web UI: the circuit's principal inside
/// interactive components, the request's principal everywhere else (API calls, prerendering, static pages).
/// </summary>
internal sealed class UiCurrentUser(UiPrincipal circuit, IHttpContextAccessor http) : ClaimsCurrentUser
{
    protected override ClaimsPrincipal? Principal => circuit.User ?? http.HttpContext?.User;
}
