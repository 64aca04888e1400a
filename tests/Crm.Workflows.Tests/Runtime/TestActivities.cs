using Crm.Workflows.Abstractions;

namespace Crm.Workflows.Tests.Runtime;

public enum Channel
{
    Email,
    Sms,
}

/// <summary>Inputs of every supported kind, an injected service, an output and two outcomes.</summary>
[Activity("Test", "Greet", Category = "Tests")]
[Outcome("Loud")]
[Outcome("Quiet")]
internal sealed class GreetActivity(GreetingService greeting) : IActivity
{
    [Input]
    public string Person { get; set; } = "nobody";

    [Input]
    public bool Shout { get; set; }

    [Input]
    public int Times { get; set; } = 1;

    [Input]
    public decimal Amount { get; set; }

    [Input]
    public TimeSpan Wait { get; set; }

    [Input]
    public Channel Channel { get; set; }

    [Output]
    public string? Greeting { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = string.Join(" ", Enumerable.Repeat(greeting.Greet(Person), Times));
        Greeting = Shout ? text.ToUpperInvariant() : text;
        context.Log($"greeted {Person} via {Channel}, amount {Amount}, wait {Wait}");
        context.SetVariable("Greeted", Greeting);
        context.SetOutput("LastGreeting", Greeting);
        return ValueTask.FromResult(ActivityResult.Complete(Shout ? "Loud" : "Quiet"));
    }
}

/// <summary>Waits for a person: suspends on a "HumanTask" bookmark and completes with the decision it is resumed with.</summary>
[Activity("Test", "Approve", Category = "Tests", Kind = ActivityKind.Task)]
[Outcome("Approved")]
[Outcome("Rejected")]
internal sealed class ApproveActivity : IBlockingActivity
{
    [Input]
    public string Approver { get; set; } = string.Empty;

    [Output]
    public string? Comment { get; set; }

    [Output]
    public string? ExecutionId { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(new Bookmark("HumanTask", new Dictionary<string, object?> { ["approver"] = Approver, ["taskId"] = 42 })));

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        Comment = $"{Approver}: {resume.Input.GetValueOrDefault("comment")}";
        ExecutionId = context.ActivityExecutionId;
        var approved = resume.Input.GetValueOrDefault("decision") as string == "approve";
        return ValueTask.FromResult(ActivityResult.Complete(approved ? "Approved" : "Rejected"));
    }
}

[Activity("Test", "Explode", Category = "Tests")]
internal sealed class ExplodeActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => throw new InvalidOperationException("boom");
}

[Activity("Test", "Refuse", Category = "Tests")]
internal sealed class RefuseActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Fault("Credit limit exceeded"));
}

/// <summary>A trigger activity: completes at once when it started the run, waits otherwise.</summary>
[Activity("Test", "Signal", Category = "Tests", Kind = ActivityKind.Trigger)]
internal sealed class SignalActivity : IBlockingActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.IsTriggerOfWorkflow ? ActivityResult.Complete() : ActivityResult.Suspend(new Bookmark("Signal", new Dictionary<string, object?>())));

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume) => ValueTask.FromResult(ActivityResult.Complete());
}
