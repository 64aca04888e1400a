using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Core;
using Crm.Workflows.Runtime.Expressions;
using Crm.Workflows.Runtime.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>A settable clock: bookmarks' ResumeAtUtc and timestamps become exact.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset UtcNow { get; set; } = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => UtcNow;
}

/// <summary>An engine with the core activities, the test SDK activities and a small service provider.</summary>
internal sealed class EngineHarness
{
    public EngineHarness(WorkflowEngineOptions? options = null)
    {
        var descriptors = CoreActivityDescriptors.All.Concat(SdkActivityDescriber.DescribeAll(typeof(EngineHarness).Assembly, "Tests"));
        Registry = new ActivityRegistry(descriptors);
        Engine = new WorkflowEngine(Registry, options, Clock);
        var services = new ServiceCollection();
        services.AddSingleton<GreetingService>();
        Services = services.BuildServiceProvider();
    }

    public ManualClock Clock { get; } = new();

    public ActivityRegistry Registry { get; }

    public WorkflowEngine Engine { get; }

    public IServiceProvider Services { get; }

    public static EngineHarness WithJavaScript(JavaScriptOptions javaScript) => new(new WorkflowEngineOptions { JavaScript = javaScript });

    public Task<WorkflowRunResult> StartAsync(
        WorkflowDefinitionModel definition,
        IReadOnlyDictionary<string, object?>? input = null,
        string? correlationId = null,
        string? triggerActivityId = null) =>
        Engine.StartAsync(definition, input ?? new Dictionary<string, object?>(), correlationId, "instance-1", Services, CancellationToken.None, triggerActivityId);

    public Task<WorkflowRunResult> StartAsync(WorkflowJson workflow, IReadOnlyDictionary<string, object?>? input = null) => StartAsync(workflow.Build(), input);

    public Task<WorkflowRunResult> ResumeAsync(WorkflowDefinitionModel definition, WorkflowState state, string bookmarkId, IReadOnlyDictionary<string, object?>? input = null) =>
        Engine.ResumeAsync(definition, state, bookmarkId, input ?? new Dictionary<string, object?>(), Services, CancellationToken.None);
}

internal static class RunResultExtensions
{
    /// <summary>The texts WriteLine activities wrote, in order.</summary>
    public static List<string?> Lines(this WorkflowRunResult result) =>
        result.Journal.Where(e => e.ActivityType == CoreActivityTypes.WriteLine && e.EventName == "Completed").Select(e => e.Message).ToList();

    public static object? Variable(this WorkflowRunResult result, string name) =>
        result.State.Variables.FirstOrDefault(v => v.Name == name)?.Value;

    public static int Executions(this WorkflowRunResult result, string activityId) =>
        result.Journal.Count(e => e.ActivityId == activityId && e.EventName == "Started");
}

/// <summary>A service for constructor injection into SDK activities.</summary>
internal sealed class GreetingService
{
    public string Greet(string name) => $"Hello, {name}";
}
