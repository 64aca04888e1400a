using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Identity.Authentication;

/// <summary>
/// The one check against cross-site request forgery of the APIs (<c>/api/*</c>, <c>/elsa/api/*</c>; ADR 0046). The
/// sign-in cookie rides along with any request the browser sends to this site, and SameSite=Lax alone is not a wall
/// (a bodiless POST such as "qualify this lead" needs no JSON preflight; same-site subdomains are not cross-site).
/// Browsers label every request with <c>Sec-Fetch-Site</c> and/or <c>Origin</c>: a state-changing request (POST, PUT,
/// PATCH, DELETE) from another site is refused with 403 problem details before authentication. Out of scope: requests
/// that present an API key (no cookie involved), the anonymous public routes under <c>/api/public</c> (their own
/// token and rate limit), and requests with neither header (scripts, curl: not a browser acting for someone).
/// </summary>
internal sealed class CrossSiteRequestGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsCrossSiteWrite(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site request refused",
                    Detail = "This API accepts changes only from pages of this site (or with an API key).",
                },
            });
            return;
        }

        await next(context);
    }

    internal static bool IsCrossSiteWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }

        if (!CrmAuthenticationSchemes.IsApiRequest(request)
            || request.Path.StartsWithSegments("/api/public", StringComparison.OrdinalIgnoreCase)
            || CrmAuthenticationSchemes.PresentedApiKey(request) is not null)
        {
            return false;
        }

        // Sec-Fetch-Site is set by the browser and cannot be forged by a page; Origin is the fallback of older browsers.
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is not ("same-origin" or "none");
        }

        // Only the authority is compared: behind a proxy that ends TLS the request's own scheme may be http.
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
               && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
