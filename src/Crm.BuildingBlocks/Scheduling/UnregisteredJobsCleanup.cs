using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// Removes, at start-up, the stored jobs (and their triggers) whose job type this host does not register: the
/// persistent store remembers the jobs of a module that has since been switched off, and "a disabled module
/// contributes no jobs". Quartz's <c>AddJob&lt;T&gt;</c> registers <c>T</c> with the container, so every job added
/// on this host, by <see cref="SchedulingServiceCollectionExtensions"/> or by <c>AddQuartz</c> directly, is kept.
/// </summary>
/// <remarks>
/// The nodes of a cluster must therefore run the same modules: a node without a module would remove that module's jobs
/// for every node until one that has it starts again.
/// </remarks>
internal sealed class UnregisteredJobsCleanup(
    ISchedulerFactory schedulers,
    IServiceProviderIsService container,
    ILogger<UnregisteredJobsCleanup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
            {
                if (!await IsRegisteredAsync(scheduler, key, cancellationToken))
                {
                    await scheduler.DeleteJob(key, cancellationToken);
                    logger.LogInformation("Removed the stored job {JobKey}: this host does not register its type (a switched-off module?)", key);
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

    private async Task<bool> IsRegisteredAsync(IScheduler scheduler, JobKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await scheduler.GetJobDetail(key, cancellationToken) is { } job && container.IsService(job.JobType.Type);
        }
        catch (Exception ex) when (ex is SchedulerException or TypeLoadException or InvalidOperationException)
        {
            // A job type that no longer loads (a removed plugin) is not registered either.
            return false;
        }
    }
}
