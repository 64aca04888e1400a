using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Crm.Web.Composition;

/// <summary>
/// The last exception handler: an unexpected failure of anything but a page request (API, designer backend) is a
/// plain 500 problem details, as before the UI existed; only browsers asking for a page are sent to <c>/error</c>.
/// </summary>
internal sealed class ApiExceptionFallback(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (CrmWebExtensions.IsPageRequest(httpContext))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = StatusCodes.Status500InternalServerError },
            Exception = exception,
        });
    }
}
