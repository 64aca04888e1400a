using Crm.BrokenSamples.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BrokenSamples.Features.Things;

/// <summary>
/// Broken: a lambda endpoint that queries the DbContext itself. The compiler moves the lambda into a nested closure
/// type (&lt;&gt;c), which is where the EF Core dependency lives; the endpoint rule once missed exactly this.
/// </summary>
internal static class ThingEndpoints
{
    // The lambda's signature names nothing of EF Core or Persistence, so the endpoint class itself is clean; only the
    // closure body (and its async state machine) uses the DbContext.
    internal static void MapThings(this IEndpointRouteBuilder app) =>
        app.MapGet("/things", async (IServiceProvider services, CancellationToken cancellationToken) =>
            Results.Ok(await services.GetRequiredService<BrokenDbContext>().Things.CountAsync(cancellationToken)));
}

/// <summary>Broken: an endpoint class that is not static.</summary>
internal sealed class InstanceEndpoint
{
    internal string Route => "/instance";
}
