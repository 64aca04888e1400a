using System.Security.Claims;
using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// <see cref="ICurrentUser"/> read from a claims principal. The HTTP request's principal is the usual source; the web
/// UI's interactive circuits have no current request and supply the principal of their authentication state instead.
/// </summary>
public abstract class ClaimsCurrentUser : ICurrentUser
{
    /// <summary>The acting principal, or null when there is none (background work).</summary>
    protected abstract ClaimsPrincipal? Principal { get; }

    public string Id
    {
        get
        {
            var user = Principal;
            if (user?.Identity?.IsAuthenticated != true)
            {
                return "system";
            }

            var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name;
            return string.IsNullOrWhiteSpace(id) ? "system" : id;
        }
    }

    public Guid? UserId => Principal?.Identity?.IsAuthenticated == true && Guid.TryParse(Principal.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id)
        ? id
        : null;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;
}

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ClaimsCurrentUser
{
    protected override ClaimsPrincipal? Principal => accessor.HttpContext?.User;
}
