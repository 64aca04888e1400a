using Crm.Workflows.Abstractions;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime.Core;
using Crm.Workflows.Runtime.Values;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Runtime.Execution;

/// <summary>
/// Runs activities written against Crm.Workflows.Abstractions: a new instance per execution (constructor injection
/// from the burst's service provider), [Input] properties assigned from the evaluated expressions, [Output]
/// properties recorded on completion. A suspended activity is resumed on a fresh instance with the inputs it was
/// started with (from the persisted activityState), so a resume does not depend on variables having changed since.
/// </summary>
internal sealed class SdkActivityBehavior : ActivityBehavior
{
    public override async ValueTask ExecuteAsync(ActivityExecution context, WorkflowExecution workflow)
    {
        var descriptor = DescriptorOf(context);
        var activity = Create(descriptor, workflow);
        try
        {
            foreach (var input in descriptor.Inputs)
            {
                var value = workflow.EvaluateInput(context, input.Name);
                Assign(activity, input, value);
            }

            var result = await activity.ExecuteAsync(new SdkActivityContext(workflow, context));
            await HandleResultAsync(context, workflow, descriptor, activity, result);
        }
        finally
        {
            await DisposeAsync(activity);
        }
    }

    public override async ValueTask ResumeAsync(ActivityExecution context, WorkflowExecution workflow, BookmarkState bookmark, IReadOnlyDictionary<string, object?> input)
    {
        var descriptor = DescriptorOf(context);
        var activity = Create(descriptor, workflow);
        try
        {
            foreach (var inputDescriptor in descriptor.Inputs)
            {
                Assign(activity, inputDescriptor, context.ActivityState.GetValueOrDefault(inputDescriptor.Name));
            }

            var result = activity is IBlockingActivity blocking
                ? await blocking.ResumeAsync(new SdkActivityContext(workflow, context), new BookmarkResume(bookmark.Name, bookmark.Payload, input))
                : ActivityResult.Complete();
            await HandleResultAsync(context, workflow, descriptor, activity, result);
        }
        finally
        {
            await DisposeAsync(activity);
        }
    }

    private static async ValueTask HandleResultAsync(ActivityExecution context, WorkflowExecution workflow, ActivityDescriptor descriptor, IActivity activity, ActivityResult result)
    {
        switch (result.Kind)
        {
            case ActivityResultKind.Completed:
                foreach (var output in descriptor.Outputs)
                {
                    if (output.Property is not null)
                    {
                        workflow.SetOutput(context, output.Name, output.Property.GetValue(activity));
                    }
                }

                await workflow.CompleteAsync(context, Outcomes.Of(result.Outcomes));
                break;

            case ActivityResultKind.Suspended when result.Bookmark is { } bookmark:
                var payload = bookmark.Payload.ToDictionary(p => p.Key, p => PlainValue.From(p.Value), StringComparer.Ordinal);
                workflow.CreateBookmark(context, bookmark.Name, payload, bookmark.ResumeAtUtc);
                break;

            case ActivityResultKind.Faulted:
                var message = result.FaultMessage ?? $"{descriptor.DisplayName} failed.";
                workflow.Fault(context, new ExceptionState { Type = "ActivityFault", Message = message }, message);
                break;

            default:
                throw new InvalidOperationException($"{descriptor.TypeName} suspended without a bookmark.");
        }
    }

    private static ActivityDescriptor DescriptorOf(ActivityExecution context) =>
        context.Descriptor is { ActivityType: not null } descriptor
            ? descriptor
            : throw new InvalidOperationException($"Activity type '{context.Activity.Type}' has no SDK implementation.");

    private static IActivity Create(ActivityDescriptor descriptor, WorkflowExecution workflow) =>
        (IActivity)ActivatorUtilities.CreateInstance(workflow.Services, descriptor.ActivityType!);

    /// <summary>Null leaves the property's own default (its initializer) in place.</summary>
    private static void Assign(IActivity activity, InputDescriptor input, object? value)
    {
        if (input.Property is not { CanWrite: true } property)
        {
            return;
        }

        var converted = ValueConverter.ConvertTo(value, property.PropertyType);
        if (converted is not null)
        {
            property.SetValue(activity, converted);
        }
    }

    private static async ValueTask DisposeAsync(IActivity activity)
    {
        switch (activity)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}

/// <summary>The SDK's view of the running workflow, bound to one activity execution.</summary>
internal sealed class SdkActivityContext(WorkflowExecution workflow, ActivityExecution execution) : ActivityContext
{
    public override string WorkflowInstanceId => workflow.State.Id;

    public override string WorkflowDefinitionId => workflow.State.DefinitionId;

    public override string? CorrelationId => workflow.State.CorrelationId;

    public override string ActivityId => execution.Activity.Id;

    /// <summary>The activity instance id: the same across the start and the resume of one execution, new for the next one.</summary>
    public override string? ActivityExecutionId => execution.Id;

    public override IServiceProvider Services => workflow.Services;

    public override CancellationToken CancellationToken => workflow.CancellationToken;

    public override IReadOnlyDictionary<string, object?> WorkflowInput => workflow.State.Input;

    public override bool IsTriggerOfWorkflow => Triggers.IsTriggerOfWorkflow(execution, workflow);

    public override object? GetVariable(string name) => workflow.GetVariable(execution, name);

    public override void SetVariable(string name, object? value) => workflow.SetVariable(execution, name, value);

    public override void SetOutput(string name, object? value) => workflow.State.Output[name] = PlainValue.From(value);

    public override void Log(string message) => workflow.AddJournal(execution, "Log", message);
}
