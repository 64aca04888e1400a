using System.Security.Cryptography;
using System.Text;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.Workflows.Runtime.Timers;

/// <summary>
/// Fired by an <c>Elsa.Timer</c> start trigger: starts one instance of the published version, with the timer as the
/// run's trigger (it completes at once and the flowchart continues from it).
/// </summary>
/// <remarks>
/// At most one start per firing, also when two nodes or a recovered firing run it twice: the instance id is derived
/// from the trigger and its scheduled fire time, so the second insert of the same instance fails on the primary key
/// and that run ends quietly.
/// </remarks>
internal sealed class WorkflowStartTimerJob(IServiceScopeFactory scopes, ILogger<WorkflowStartTimerJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var definitionId = data.GetString(WorkflowTimerScheduler.DefinitionIdKey) ?? "";
        var versionId = data.GetString(WorkflowTimerScheduler.VersionIdKey) ?? "";
        var activityId = data.GetString(WorkflowTimerScheduler.ActivityIdKey) ?? "";

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        if (!await db.WorkflowDefinitions.AnyAsync(d => d.Id == versionId && d.IsPublished, cancellationToken))
        {
            // Retracted, replaced or deleted, and the synchronisation that should have removed this trigger did not
            // happen (a crash right after the commit): remove it now instead of starting an unpublished version.
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, cancellationToken);
            logger.LogInformation("Removed the start timer {Trigger}: version {VersionId} of {DefinitionId} is not published", context.Trigger.Key, versionId, definitionId);
            return;
        }

        var instanceId = InstanceId(context.Trigger.Key, context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        try
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRunner>()
                .StartAsync(versionId, VersionOptions.Published, null, correlationId: null, cancellationToken, triggerActivityId: activityId, instanceId: instanceId);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            if (!await InstanceExistsAsync(scopes, instanceId, cancellationToken))
            {
                throw;
            }

            // This firing's instance exists already: another run of the same firing started it.
        }
    }

    /// <summary>The same id for the same firing of the same trigger, on every node (32 hex digits, like every instance id).</summary>
    internal static string InstanceId(TriggerKey trigger, DateTimeOffset scheduledFireTime)
    {
        var text = $"{trigger.Group}/{trigger.Name}@{scheduledFireTime.UtcTicks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    private static async Task<bool> InstanceExistsAsync(IServiceScopeFactory scopes, string instanceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().WorkflowInstances.AnyAsync(i => i.Id == instanceId, cancellationToken);
    }
}
