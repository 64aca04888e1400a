using Crm.BuildingBlocks.Application;
using Microsoft.AspNetCore.Http;

namespace Crm.Funnel.Tests.Support;

/// <summary>
/// Sign-in is not on this branch yet (the identity engineer adds it): tests say who is calling with an X-Test-User
/// header, so "my leads" can be asked as a given salesperson.
/// </summary>
public sealed class HeaderCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string Header = "X-Test-User";

    public Guid? UserId => Guid.TryParse(accessor.HttpContext?.Request.Headers[Header].ToString(), out var id) ? id : null;

    public string Id => UserId?.ToString() ?? "system";

    public bool IsAuthenticated => UserId is not null;

    public bool IsInRole(string role) => false;
}
