using Crm.BuildingBlocks.Auditing;
using Microsoft.AspNetCore.Identity;

namespace Crm.Identity.Domain;

/// <summary>
/// A person who signs in, with the staff profile the CRM needs (display name, manager, branch). The id is the staff id
/// used everywhere else (account owners, task assignees), and the NameIdentifier claim of the signed-in principal.
/// </summary>
/// <remarks>
/// Profile changes are audited by the audit interceptor (before/after); secrets and counters are left out of the diff
/// (see the configuration). Role changes, password resets and unlocks get explicit audit entries from their handlers.
/// </remarks>
internal sealed class CrmUser : IdentityUser<Guid>, IAuditable
{
    public string DisplayName { get; set; } = "";

    /// <summary>Who escalations go to; a staff member (user) id.</summary>
    public Guid? ManagerId { get; set; }

    /// <summary>The branch the person works in; a branch manager sees its accounts.</summary>
    public Guid? BranchId { get; set; }

    /// <summary>A deactivated user cannot sign in, and its API keys stop working; the record (and its history) stays.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastSignInAtUtc { get; set; }

    Guid IAuditable.AuditSubjectId => Id;

    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}

/// <summary>A role. The set is fixed in code (<see cref="Crm.BuildingBlocks.Identity.CrmRoles"/>): policies name them.</summary>
internal sealed class CrmRole : IdentityRole<Guid>
{
    public string Description { get; set; } = "";
}
