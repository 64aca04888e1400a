namespace Crm.Workflows.Abstractions;

/// <summary>What an executing activity can see and do; implemented by the runtime.</summary>
public abstract class ActivityContext
{
    public abstract string WorkflowInstanceId { get; }

    public abstract string WorkflowDefinitionId { get; }

    public abstract string? CorrelationId { get; }

    /// <summary>The activity's id in the definition.</summary>
    public abstract string ActivityId { get; }

    /// <summary>Unique per execution of the activity; an idempotency key for side effects (e-mails, calls).</summary>
    public virtual string? ActivityExecutionId => null;

    /// <summary>Services of the current scope (module APIs such as IAccountsApi, notification senders).</summary>
    public abstract IServiceProvider Services { get; }

    public abstract CancellationToken CancellationToken { get; }

    /// <summary>The workflow's input (from the starter: an API call, a trigger's event).</summary>
    public abstract IReadOnlyDictionary<string, object?> WorkflowInput { get; }

    public abstract object? GetVariable(string name);

    public abstract void SetVariable(string name, object? value);

    /// <summary>Sets a workflow output (returned to the caller of a synchronous run).</summary>
    public abstract void SetOutput(string name, object? value);

    /// <summary>Adds a line to the instance journal shown in the designer's viewer.</summary>
    public abstract void Log(string message);

    /// <summary>
    /// True when this activity is the trigger that started the current run (e.g. the <see cref="IEventTrigger{TEvent}"/>
    /// whose event started the workflow): a trigger then completes at once instead of waiting.
    /// </summary>
    public virtual bool IsTriggerOfWorkflow => false;
}
