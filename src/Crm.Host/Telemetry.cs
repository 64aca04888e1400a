using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Crm.Host;

/// <summary>
/// OpenTelemetry traces and metrics (docs/operations.md, ADR 0080), exported over OTLP to the collector at
/// <c>OpenTelemetry:Otlp:Endpoint</c>. Without that setting nothing is registered: no listener, no cost, no
/// connection attempts to a collector that is not there.
/// </summary>
internal static class Telemetry
{
    /// <summary>Our own sources and meters: the workflow runner ("Crm.Workflows") and the outbox ("Crm.Outbox").</summary>
    private static readonly string[] CrmSources = ["Crm.Workflows", "Crm.Outbox"];

    public static IServiceCollection AddCrmTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["OpenTelemetry:Otlp:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return services;
        }

        var otlp = new Uri(endpoint);
        var serviceName = configuration["OpenTelemetry:ServiceName"] ?? "crm-modular";
        services.AddOpenTelemetry()
            // service.instance.id tells the nodes of one installation apart in the collector.
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                // Npgsql (PostgreSQL) ships its own ActivitySource and Meter under this name; EF Core and SQLite have
                // no ActivitySource, so SQL spans appear on PostgreSQL only.
                .AddSource("Npgsql")
                .AddSource(CrmSources)
                .AddOtlpExporter(o => o.Endpoint = otlp))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // EF Core's built-in meter (queries, SaveChanges, optimistic concurrency failures) and Npgsql's pool.
                .AddMeter("Microsoft.EntityFrameworkCore", "Npgsql")
                .AddMeter(CrmSources)
                .AddOtlpExporter(o => o.Endpoint = otlp));
        return services;
    }
}
