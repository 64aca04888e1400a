using System.Text.Encodings.Web;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Identity.Authentication;

/// <summary>
/// Authenticates integrations by API key. The principal is built by the same claims factory as a cookie sign-in, so
/// an integration acts exactly with its user's id and roles; a deactivated or locked-out user's keys stop working.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CrmIdentityDbContext db,
    UserManager<CrmUser> users,
    IUserClaimsPrincipalFactory<CrmUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Claim telling which key authenticated the request (for logs and audit).</summary>
    public const string ApiKeyIdClaim = "crm:api_key_id";

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = CrmAuthenticationSchemes.PresentedApiKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var prefix = ApiKey.PrefixOf(presented);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("The API key is not in the expected format (crm_…).");
        }

        var cancellationToken = Context.RequestAborted;
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        var now = TimeProvider.GetUtcNow();
        if (key is null || !key.Matches(presented))
        {
            Logger.LogWarning("Rejected an unknown API key (prefix {Prefix}) from {Address}", prefix, Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (!key.IsUsable(now.UtcDateTime))
        {
            Logger.LogWarning("Rejected API key {KeyId} ({Name}): revoked or expired", key.Id, key.Name);
            return AuthenticateResult.Fail("The API key is revoked or expired.");
        }

        var user = await users.FindByIdAsync(key.UserId.ToString());
        if (user is null || !user.IsActive || user.IsLockedOut(now))
        {
            Logger.LogWarning("Rejected API key {KeyId}: its user {UserId} is inactive or locked out", key.Id, key.UserId);
            return AuthenticateResult.Fail("The API key's user is inactive or locked out.");
        }

        var principal = await principals.CreateAsync(user);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(ApiKeyIdClaim, key.Id.ToString()));
        await TouchAsync(key, now.UtcDateTime, cancellationToken);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>
    /// Records the last use without the change tracker (no audit entry for it) and only when the stored value is older
    /// than a minute: the UPDATE's condition makes concurrent requests write once, not once each.
    /// </summary>
    private async Task TouchAsync(ApiKey key, DateTime now, CancellationToken cancellationToken)
    {
        if (key.LastUsedAtUtc is { } last && now - last < LastUsedResolution)
        {
            return;
        }

        var before = now - LastUsedResolution;
        await db.ApiKeys
            .Where(k => k.Id == key.Id && (k.LastUsedAtUtc == null || k.LastUsedAtUtc < before))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), cancellationToken);
    }
}
