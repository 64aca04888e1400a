using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crm.BuildingBlocks.Diagnostics;

/// <summary>
/// One health check per dependency (docs/operations.md): every storage that registered an <see cref="IModuleDatabase"/>
/// (each module's database, Identity, Workflows, the scheduler's store) as <c>database:&lt;name&gt;</c>, plus whatever
/// else registers a check (the running scheduler, SMTP when configured). <c>/health</c> tells anyone only the overall
/// status; <c>/health/details</c> tells administrators which dependency is failing and why.
/// </summary>
internal static class HealthChecks
{
    public const string DatabaseTag = "database";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IServiceCollection AddCrmHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks();
        // The databases are known only once every module has registered its storage, so the checks are added when the
        // options are first read, from the registered IModuleDatabase services themselves: a storage added by a new
        // module is checked without anyone remembering to add a check for it.
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, DatabaseChecks>();
        return services;
    }

    public static IEndpointRouteBuilder MapCrmHealth(this IEndpointRouteBuilder endpoints)
    {
        // Load balancers and orchestrators probe it without credentials; it tells only Healthy/Degraded/Unhealthy.
        endpoints.MapHealthChecks("/health").AllowAnonymous();
        // Connection errors and module names are for administrators only: they describe the installation.
        endpoints.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = WriteDetailsAsync })
            .RequireAuthorization(CrmPolicies.SystemSetup);
        return endpoints;
    }

    private static Task WriteDetailsAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                tags = e.Value.Tags,
                error = e.Value.Exception?.Message,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private sealed class DatabaseChecks(IServiceProvider services) : IConfigureOptions<HealthCheckServiceOptions>
    {
        public void Configure(HealthCheckServiceOptions options)
        {
            foreach (var database in services.GetServices<IModuleDatabase>())
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    $"database:{database.ModuleName}",
                    _ => new DatabaseHealthCheck(database),
                    failureStatus: HealthStatus.Unhealthy,
                    tags: [DatabaseTag],
                    timeout: TimeSpan.FromSeconds(10)));
            }
        }
    }

    /// <summary>
    /// Reads the storage's migration history, which needs a working connection: unreachable is Unhealthy, reachable
    /// with migrations still to apply is Degraded (the module answers errors until someone runs <c>migrate</c>).
    /// </summary>
    private sealed class DatabaseHealthCheck(IModuleDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var state = await database.GetStateAsync(cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["provider"] = database.Provider.ToString(),
                ["migrations"] = state.Status,
                ["pending"] = state.Pending.Count,
            };
            return state.Status switch
            {
                MigrationState.Unavailable => HealthCheckResult.Unhealthy($"{database.ModuleName} storage is unavailable: {state.Error}", data: data),
                MigrationState.PendingStatus => HealthCheckResult.Degraded($"{database.ModuleName} storage has {state.Pending.Count} migration(s) to apply", data: data),
                _ => HealthCheckResult.Healthy($"{database.ModuleName} storage is up to date", data),
            };
        }
    }
}
