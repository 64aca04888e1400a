using Microsoft.AspNetCore.Http;

namespace Crm.Identity.Authentication;

/// <summary>
/// The authentication schemes of the host. <see cref="Default"/> picks, per request, the API key handler when the
/// request carries a key and the sign-in cookie otherwise, so every policy works for people and integrations alike.
/// </summary>
public static class CrmAuthenticationSchemes
{
    /// <summary>The default scheme: a policy scheme forwarding to <see cref="Cookie"/> or <see cref="ApiKey"/>.</summary>
    public const string Default = "Crm";

    /// <summary>The sign-in cookie of people: ASP.NET Core Identity's application cookie (equal to IdentityConstants.ApplicationScheme, tested).</summary>
    public const string Cookie = "Identity.Application";

    /// <summary>API keys of integrations: <c>Authorization: Bearer crm_…</c> or <c>X-Api-Key: crm_…</c>.</summary>
    public const string ApiKey = "ApiKey";

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The cookie's name in the browser.</summary>
    public const string CookieName = "crm.auth";

    /// <summary>
    /// Requests answered with 401/403 instead of a redirect to the sign-in page: APIs (ours, the designer's and the
    /// OpenAPI document) are called by scripts and by JavaScript, which cannot follow a redirect to an HTML page.
    /// </summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/elsa/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>The API key a request presents, if any (also <c>Authorization: ApiKey …</c>, which Elsa Studio sends).</summary>
    internal static string? PresentedApiKey(HttpRequest request)
    {
        var header = request.Headers[ApiKeyHeader].ToString();
        if (header.Length > 0)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        foreach (var scheme in (ReadOnlySpan<string>)["Bearer ", "ApiKey "])
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return authorization[scheme.Length..].Trim();
            }
        }

        return null;
    }
}
