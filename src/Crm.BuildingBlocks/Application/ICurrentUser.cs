namespace Crm.BuildingBlocks.Application;

/// <summary>Who is acting, for audit fields, ownership rules and record visibility.</summary>
public interface ICurrentUser
{
    /// <summary>The user's id, or "system" for background work and anonymous calls.</summary>
    string Id { get; }

    /// <summary>The staff member's id when a signed-in person (or an API key bound to one) is acting; null for system work.</summary>
    Guid? UserId { get; }

    /// <summary>True when the request carries an authenticated principal.</summary>
    bool IsAuthenticated { get; }

    /// <summary>Role membership of the acting principal (see <see cref="Identity.CrmRoles"/>).</summary>
    bool IsInRole(string role);
}
