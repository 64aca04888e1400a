using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// The node's Quartz scheduler has started (its store is checked as <c>database:Scheduler</c>). A stopped scheduler
/// leaves the node serving requests while its timers, outbox and e-mail jobs fall to the other nodes, or to nobody.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var metadata = await scheduler.GetMetadata(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["instanceId"] = metadata.SchedulerInstanceId,
            ["clustered"] = metadata.JobStoreClustered,
        };
        return metadata.RunningSince is null
            ? HealthCheckResult.Unhealthy("The scheduler is not running", data: data)
            : HealthCheckResult.Healthy("The scheduler is running", data);
    }
}
