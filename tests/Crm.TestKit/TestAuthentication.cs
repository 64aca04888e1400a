using System.Security.Claims;
using System.Text.Encodings.Web;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.TestKit;

/// <summary>
/// A test-only sign-in: a request carrying <c>X-Test-User: &lt;guid&gt;</c> (and optionally
/// <c>X-Test-Roles: Sales,BranchManager</c>) is that user with those roles, with no cookie or password. It exists only in
/// this test kit, is registered by <see cref="CrmApp"/>, and sits behind the product's own default scheme, so policies,
/// <c>ICurrentUser</c> and record visibility see exactly what they see for a real sign-in.
/// </summary>
public static class TestAuthentication
{
    public const string Scheme = "Test";
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";

    /// <summary>The user every <see cref="CrmApp.CreateClient()"/> client acts as, unless told otherwise.</summary>
    public static readonly Guid AdministratorId = Guid.Parse("7e570000-0000-4000-8000-0000000000ad");

    /// <summary>Makes <paramref name="client"/> act as the given user (replacing any identity it had).</summary>
    public static HttpClient ActAs(this HttpClient client, Guid userId, params string[] roles)
    {
        client.AsAnonymous();
        client.DefaultRequestHeaders.Add(UserHeader, userId.ToString());
        if (roles.Length > 0)
        {
            client.DefaultRequestHeaders.Add(RolesHeader, string.Join(',', roles));
        }

        return client;
    }

    /// <summary>Removes the test identity from <paramref name="client"/>: its requests are anonymous (or use a cookie/key).</summary>
    public static HttpClient AsAnonymous(this HttpClient client)
    {
        client.DefaultRequestHeaders.Remove(UserHeader);
        client.DefaultRequestHeaders.Remove(RolesHeader);
        return client;
    }

    /// <summary>Adds the scheme and puts it in front of the product's cookie/API-key selection when the header is present.</summary>
    internal static void Register(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, null);
        services.PostConfigure<PolicySchemeOptions>(CrmAuthenticationSchemes.Default, o =>
        {
            var product = o.ForwardDefaultSelector;
            o.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(UserHeader) ? Scheme : product?.Invoke(context);
        });
    }

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers[UserHeader].ToString();
            if (user.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            if (!Guid.TryParse(user, out var id))
            {
                return Task.FromResult(AuthenticateResult.Fail($"{UserHeader} must be a Guid."));
            }

            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id.ToString()), new(ClaimTypes.Name, "test-" + id.ToString("N")[..8]) };
            foreach (var role in Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!CrmRoles.All.Contains(role))
                {
                    return Task.FromResult(AuthenticateResult.Fail($"Unknown role '{role}' in {RolesHeader}."));
                }

                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
        }
    }
}
