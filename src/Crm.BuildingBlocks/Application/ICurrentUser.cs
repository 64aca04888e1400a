namespace Crm.BuildingBlocks.Application;

/// <summary>Who is acting, for audit fields and ownership rules.</summary>
public interface ICurrentUser
{
    /// <summary>The user's id, or "system" for background work and anonymous calls.</summary>
    string Id { get; }
}
