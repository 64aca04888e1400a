using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Crm.Workflows.Definitions;

namespace Crm.Workflows.Api;

/// <summary>Endpoint filters of the <c>/elsa/api</c> group.</summary>
internal static class ElsaApiFilters
{
    /// <summary>
    /// Turns the API's 400s into problem details with an <c>errors</c> map: Studio (Refit) reads exactly that shape from
    /// an <c>application/problem+json</c> 400 and lists every message, e.g. in the "cannot publish" toast.
    /// </summary>
    public static async ValueTask<object?> Problems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (WorkflowValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors, title: ex.Title, detail: string.Join(" ", ex.Errors.SelectMany(e => e.Value)));
        }
        catch (Runtime.WorkflowNotFoundException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: ex.Message);
        }
        catch (Runtime.WorkflowConflictException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: ex.Message);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The body is not valid JSON: {ex.Message}"] },
                title: "The request could not be read.");
        }
    }

    /// <summary>
    /// Studio sends no antiforgery token, and once <c>/elsa/api</c> sits behind the sign-in cookie a forged cross-site
    /// POST would carry that cookie. Browsers label every request with <c>Sec-Fetch-Site</c> and/or <c>Origin</c>: a
    /// write from another site is refused. Requests without either header (scripts, curl, tests) are not browsers'.
    /// </summary>
    public static async ValueTask<object?> SameOriginWrites(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return await next(context);
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        var crossSite = fetchSite.Length > 0
            ? fetchSite is not ("same-origin" or "none")
            : origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
        return crossSite
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused",
                detail: "The workflow API accepts changes only from pages of this site.")
            : await next(context);
    }
}
