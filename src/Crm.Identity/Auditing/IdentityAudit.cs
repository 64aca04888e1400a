using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Http;

namespace Crm.Identity.Auditing;

/// <summary>
/// Audit entries the interceptor cannot derive from a column diff: sign-ins (success, failure, lockout, refusal,
/// sign-out), role changes, password resets and unlocks. They go to the identity database's audit log, next to the
/// interceptor's before/after entries of the same users, under the user's id as subject.
/// </summary>
internal sealed class IdentityAudit(CrmIdentityDbContext db, ICurrentUser current, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>The <see cref="AuditEntry.Entity"/> of sign-in events; user changes use <see cref="UserEntity"/>.</summary>
    public const string SignInEntity = "SignIn";

    public const string UserEntity = nameof(CrmUser);

    public static class Actions
    {
        public const string SignedIn = "SignedIn";
        public const string SignInFailed = "SignInFailed";
        public const string LockedOut = "LockedOut";
        public const string SignInRefused = "SignInRefused";
        public const string SignedOut = "SignedOut";
        public const string RolesChanged = "RolesChanged";
        public const string PasswordReset = "PasswordReset";
        public const string PasswordChanged = "PasswordChanged";
        public const string Unlocked = "Unlocked";
    }

    /// <summary>Queues a sign-in event; <paramref name="userId"/> is null for an unknown user name (subject = empty id).</summary>
    public void SignIn(string action, Guid? userId, string userName, string method, string? reason = null)
    {
        var request = http.HttpContext?.Request;
        // Every value comes from the caller (or its headers): capped, so a failed sign-in cannot grow the database.
        var details = new Dictionary<string, string?>
        {
            ["userName"] = TextCap.Cap(userName),
            ["method"] = TextCap.Cap(method),
            ["reason"] = TextCap.Cap(reason),
            ["ip"] = TextCap.Cap(http.HttpContext?.Connection.RemoteIpAddress?.ToString()),
            ["userAgent"] = request?.Headers.UserAgent.ToString() is { Length: > 0 } agent ? TextCap.Cap(agent, 300) : null,
        };
        Add(userId ?? Guid.Empty, SignInEntity, userId?.ToString() ?? "", action, details, userId?.ToString() ?? "anonymous");
    }

    /// <summary>Queues an entry about a user, made by the acting person; stored by the caller's SaveChanges.</summary>
    public void UserChange(Guid userId, string action, object? details) =>
        Add(userId, UserEntity, userId.ToString(), action, details, current.Id);

    private void Add(Guid subjectId, string entity, string entityId, string action, object? details, string by) =>
        db.AuditEntries.Add(new AuditEntry
        {
            SubjectId = subjectId,
            Entity = entity,
            EntityId = entityId,
            Action = action,
            Changes = details is null ? null : JsonSerializer.Serialize(details),
            By = by,
            AtUtc = clock.GetUtcNow().UtcDateTime,
        });
}
