using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// Removes, at start-up, the stored jobs (and their triggers) that no part of this host registered: the persistent store
/// remembers the jobs of a module that has since been switched off, and "a disabled module contributes no jobs".
/// </summary>
/// <remarks>
/// The nodes of a cluster must therefore run the same modules: a node without a module would remove that module's jobs
/// for every node until one that has it starts again.
/// </remarks>
internal sealed class UnregisteredJobsCleanup(
    ISchedulerFactory schedulers,
    IEnumerable<RegisteredJob> registered,
    ILogger<UnregisteredJobsCleanup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var known = registered.Select(r => r.Key).ToHashSet();
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
            {
                if (!known.Contains(key))
                {
                    await scheduler.DeleteJob(key, cancellationToken);
                    logger.LogInformation("Removed the stored job {JobKey}: nothing in this host registers it (a switched-off module?)", key);
                }
            }
        }
        catch (SchedulerException ex)
        {
            // Not fatal: a stale job only fails when it fires, and the next start tries again.
            logger.LogWarning(ex, "Could not remove stored jobs that this host does not register");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
