using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Workflows.Runtime;

/// <summary>
/// Resumes due timers (Delay, Timer): every poll it resumes the bookmarks whose ResumeAtUtc has passed.
/// We poll our own bookmark table instead of scheduling one Quartz trigger per bookmark in Quartz's ADO job store
/// (ADR 0015): the bookmark row is written in the same transaction as the instance state, so a timer exists exactly
/// when the suspended state does, survives a restart with it, and there is no second store to keep in step.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class WorkflowTimerJob(IServiceScopeFactory scopes) : IJob
{
    /// <summary>Bookmarks resumed per poll; the rest wait for the next one, so one poll cannot run for minutes.</summary>
    public const int BatchSize = 100;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().ResumeDueTimersAsync(BatchSize, cancellationToken);
    }
}
