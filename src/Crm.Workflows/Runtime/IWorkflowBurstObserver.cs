using Crm.Workflows.Persistence;

namespace Crm.Workflows.Runtime;

/// <summary>
/// Sees every burst the <see cref="WorkflowRunner"/> commits, inside its transaction and on its DbContext, before the
/// single SaveChanges: whatever an observer stages commits or rolls back together with the instance state. The inbox
/// uses it to store the tasks activities asked for (<see cref="WorkflowRunResult.Effects"/>) and to cancel the tasks
/// whose bookmarks a burst removed (an instance cancelled, a branch cut short).
/// </summary>
internal interface IWorkflowBurstObserver
{
    /// <summary>Called once per burst, after the runner staged the instance, bookmark, journal and execution changes.</summary>
    Task OnBurstAsync(WorkflowInstanceRecord instance, WorkflowRunResult result, CancellationToken cancellationToken);

    /// <summary>Called inside the transaction that deletes instances (<c>DELETE /workflow-instances/{id}</c>).</summary>
    Task OnInstancesDeletedAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken);
}
