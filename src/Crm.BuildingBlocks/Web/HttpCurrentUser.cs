using System.Security.Claims;
using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Web;

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

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
