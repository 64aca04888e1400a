using Crm.Workflows.Abstractions;

namespace Crm.Workflows.Tests.Api;

// SDK activities as a module would write them. They live in the test assembly, which the tests pass to the workflow
// server as an activity source, exactly as the host passes an enabled module's assembly.

[Activity("Tests", "RequestApproval", Category = "CRM Approvals", DisplayName = "Request approval",
    Description = "Asks a CRM user to approve or reject the current record.", Kind = ActivityKind.Task)]
[Outcome("Approved")]
[Outcome("Rejected")]
internal sealed class RequestApprovalActivity : IActivity
{
    [Input(Description = "User name or e-mail of the approver", IsRequired = true)]
    public string? Approver { get; set; }

    [Input(Description = "Amount to approve", Order = 1)]
    public decimal Amount { get; set; }

    [Input(Description = "How the approver is notified", Order = 2, Options = ["E-mail|email", "SMS|sms", "In-app|inapp"])]
    public string? Channel { get; set; }

    [Output(Description = "Approved or Rejected")]
    public string? Decision { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete("Approved"));
}

[Activity("Test", "SendNotification", Category = "Test activities", DisplayName = "Send test notification")]
internal sealed class SendNotificationActivity : IActivity
{
    [Input(IsRequired = true)]
    public string? Recipient { get; set; }

    [Input(UIHint = UIHints.MultiLine, Order = 1)]
    public string? Body { get; set; }

    [Input(Order = 2)]
    public bool Urgent { get; set; }

    [Input(Order = 3)]
    public int Retries { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
}

/// <summary>
/// A wait with a due time, as a human task with an escalation time is: resumed either by someone (with input) or, when
/// the due time comes, by the timer (without input).
/// </summary>
[Activity("Test", "WaitUntilDue", Category = "Test activities", DisplayName = "Wait until due", Kind = ActivityKind.Task)]
[Outcome("Due")]
[Outcome("Answered")]
internal sealed class WaitUntilDueActivity : IBlockingActivity
{
    [Input]
    public TimeSpan DueIn { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(new Bookmark("Test.WaitUntilDue", new Dictionary<string, object?>(), DateTime.UtcNow + DueIn)));

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume) =>
        ValueTask.FromResult(ActivityResult.Complete(resume.Input.Count == 0 ? "Due" : "Answered"));
}
