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

            var sdkContext = new SdkActivityContext(workflow, context);
            var result = await activity.ExecuteAsync(sdkContext);
            await HandleResultAsync(context, workflow, descriptor, activity, result, sdkContext);
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

            var sdkContext = new SdkActivityContext(workflow, context);
            var result = activity is IBlockingActivity blocking
                ? await blocking.ResumeAsync(sdkContext, new BookmarkResume(bookmark.Name, bookmark.Payload, input))
                : ActivityResult.Complete();
            await HandleResultAsync(context, workflow, descriptor, activity, result, sdkContext);
        }
        finally
        {
            await DisposeAsync(activity);
        }
    }

    private static async ValueTask HandleResultAsync(
        ActivityExecution context, WorkflowExecution workflow, ActivityDescriptor descriptor, IActivity activity, ActivityResult result, SdkActivityContext sdkContext)
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

                // Effects are kept only for an activity that completed or suspended: a faulted one asked for nothing.
                workflow.AddEffects(sdkContext.Effects);
                await workflow.CompleteAsync(context, Outcomes.Of(result.Outcomes));
                break;

            case ActivityResultKind.Suspended:
                if (result.Replacing.Count > 0)
                {
                    workflow.RemoveBookmarks(context, result.Replacing);
                }

                foreach (var bookmark in result.Bookmarks)
                {
                    var payload = bookmark.Payload.ToDictionary(p => p.Key, p => PlainValue.From(p.Value), StringComparer.Ordinal);
                    workflow.CreateBookmark(context, bookmark.Name, payload, bookmark.ResumeAtUtc);
                }

                if (!workflow.HasBookmarks(context))
                {
                    // Nothing could ever resume it: waiting would hang the instance for ever.
                    var hanging = $"{descriptor.DisplayName} suspended without a bookmark to wait on.";
                    workflow.Fault(context, new ExceptionState { Type = "ActivityFault", Message = hanging }, hanging);
                    break;
                }

                workflow.AddEffects(sdkContext.Effects);
                break;

            case ActivityResultKind.Faulted:
                var message = result.FaultMessage ?? $"{descriptor.DisplayName} failed.";
                workflow.Fault(context, new ExceptionState { Type = "ActivityFault", Message = message }, message);
                break;

            default:
                throw new InvalidOperationException($"{descriptor.TypeName} returned an unknown result.");
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

    /// <summary>Effects requested during this call; handed to the burst only if the activity completes or suspends.</summary>
    public List<object> Effects { get; } = [];
}

/// <summary>
/// Work that activities of the workflow server itself (the inbox's human tasks) ask the runner to do in the same
/// transaction as the burst that requested it, e.g. "store this task next to the bookmark that waits for it". The
/// runner hands the effects to every <see cref="IWorkflowBurstObserver"/>. Not part of the public SDK: plugins and
/// modules have no storage in the workflows database.
/// </summary>
internal static class WorkflowEffects
{
    public static void AddEffect(this ActivityContext context, object effect)
    {
        if (context is not SdkActivityContext sdk)
        {
            throw new InvalidOperationException("Effects can only be requested from inside a workflow run.");
        }

        sdk.Effects.Add(effect);
    }
}
