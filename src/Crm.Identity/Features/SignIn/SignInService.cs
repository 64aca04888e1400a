using Crm.BuildingBlocks.Auditing;
using Crm.Identity.Auditing;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Identity.Features.SignIn;

internal enum SignInOutcome
{
    SignedIn,

    /// <summary>Wrong user name or password, or an inactive user: the caller is not told which.</summary>
    Invalid,

    /// <summary>Too many failed attempts; the user waits (Identity:Lockout) or an administrator unlocks it.</summary>
    Locked,

    /// <summary>Too many attempts for this user name in a short time (<see cref="SignInThrottle"/>): try again later. Not audited.</summary>
    Throttled,
}

/// <summary>Cookie lifetimes (<c>Identity:Cookie</c>).</summary>
internal sealed class SignInCookieOptions
{
    /// <summary>A session cookie expires after this much inactivity (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>"Remember me" keeps a persistent cookie this long (sliding).</summary>
    public int RememberMeDays { get; set; } = 14;
}

/// <summary>
/// Password sign-in for the form and the JSON endpoint: lockout after repeated failures, inactive users refused,
/// every attempt audited, and no way to tell an unknown user name from a wrong password (not even by timing).
/// </summary>
internal sealed class SignInService(
    SignInManager<CrmUser> signIn,
    UserManager<CrmUser> users,
    CrmIdentityDbContext db,
    IdentityAudit audit,
    IOptions<SignInCookieOptions> cookie,
    SignInThrottle throttle,
    SignInLimitOptions limits,
    ILogger<SignInService> logger,
    TimeProvider clock)
{
    // A hash of a random password (made with the configured hasher, so with the same cost), verified when the user name
    // is unknown: that answer then takes as long as a wrong password. Two requests racing to create it is harmless.
    private static string? _decoyHash;

    /// <summary><c>RetryAfter</c> is set with <see cref="SignInOutcome.Throttled"/>.</summary>
    public async Task<(SignInOutcome Outcome, CrmUser? User, TimeSpan? RetryAfter)> PasswordSignInAsync(
        string? userName, string? password, bool rememberMe, string method, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? "";
        if (!throttle.TryAcquire(TextCap.Cap(name, limits.MaxUserNameLength)!, out var retryAfter))
        {
            // Not audited: a flood would otherwise still write one row per attempt.
            logger.LogWarning("Sign-in attempts for user name {UserName} throttled ({Method})", TextCap.Cap(name), method);
            return (SignInOutcome.Throttled, null, retryAfter);
        }

        // A longer name cannot exist (the user store caps it), so it is not even looked up.
        var user = name.Length == 0 || name.Length > limits.MaxUserNameLength ? null : await users.FindByNameAsync(name);
        if (user is null || string.IsNullOrEmpty(password))
        {
            _decoyHash ??= users.PasswordHasher.HashPassword(new CrmUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            users.PasswordHasher.VerifyHashedPassword(new CrmUser(), _decoyHash, password ?? "");
            audit.SignIn(IdentityAudit.Actions.SignInFailed, user?.Id, name, method, user is null ? "unknown user name" : "no password");
            await db.SaveChangesAsync(cancellationToken);
            return (SignInOutcome.Invalid, null, null);
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        var outcome = SignInOutcome.Invalid;
        if (result.Succeeded)
        {
            var now = clock.GetUtcNow();
            var properties = rememberMe
                ? new AuthenticationProperties { IsPersistent = true, ExpiresUtc = now.AddDays(cookie.Value.RememberMeDays), AllowRefresh = true }
                : new AuthenticationProperties { IsPersistent = false, AllowRefresh = true };
            await signIn.SignInAsync(user, properties, "pwd");

            // Not through UserManager.UpdateAsync: that would rotate the concurrency stamp under an administrator's open edit.
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAtUtc, now.UtcDateTime), cancellationToken);
            audit.SignIn(IdentityAudit.Actions.SignedIn, user.Id, name, method);
            outcome = SignInOutcome.SignedIn;
        }
        else if (result.IsLockedOut)
        {
            audit.SignIn(wasLocked ? IdentityAudit.Actions.SignInFailed : IdentityAudit.Actions.LockedOut, user.Id, name, method,
                wasLocked ? "locked out" : "too many failed attempts");
            outcome = SignInOutcome.Locked;
        }
        else if (result.IsNotAllowed)
        {
            audit.SignIn(IdentityAudit.Actions.SignInRefused, user.Id, name, method, "inactive user");
        }
        else
        {
            audit.SignIn(IdentityAudit.Actions.SignInFailed, user.Id, name, method, "wrong password");
        }

        await db.SaveChangesAsync(cancellationToken);
        return (outcome, outcome == SignInOutcome.SignedIn ? user : null, null);
    }

    public async Task SignOutAsync(Guid? userId, string? userName, string method, CancellationToken cancellationToken)
    {
        await signIn.SignOutAsync();
        if (userId is not null)
        {
            audit.SignIn(IdentityAudit.Actions.SignedOut, userId, userName ?? "", method);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
