using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Web;

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public string Id
    {
        get
        {
            var user = accessor.HttpContext?.User;
            var id = user?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? user?.Identity?.Name;
            return string.IsNullOrWhiteSpace(id) ? "system" : id;
        }
    }
}
