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
}
