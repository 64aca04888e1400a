using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime.Execution;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Activities;

internal enum ApprovalMode
{
    /// <summary>One approver after the other; the first rejection or return decides.</summary>
    Sequential,

    /// <summary>Everyone at once; approved when N of them approved.</summary>
    Parallel,
}

/// <summary>
/// Approval tasks: one approver, a chain, or N of M in parallel, with approvers added above amount thresholds. The
/// votes are the task rows (completed in the same transaction as the resume that reads them), so nothing about the
/// progress lives only in memory.
/// </summary>
[Activity("Crm", "RequestApproval", Category = "CRM Approvals", DisplayName = "Request approval", Kind = ActivityKind.Task,
    Description = "Asks one approver, a chain of approvers or N of M approvers in parallel; continues on Approved, Rejected or Returned.")]
[Outcome("Approved")]
[Outcome("Rejected")]
[Outcome("Returned")]
[Outcome("Overdue")]
internal sealed class RequestApprovalActivity(StaffLookup staff, IWorkRouting routing, IBusinessCalendar calendar, WorkflowsDbContext db, TimeProvider clock) : IBlockingActivity
{
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string Returned = "Returned";

    public static readonly IReadOnlyList<string> Decisions = [Approved, Rejected, Returned];

    [Input(Description = "What is to be approved, as the approvers' inboxes list it.", IsRequired = true, Order = 0)]
    public string Title { get; set; } = "";

    [Input(Description = "The request's details for the approvers.", UIHint = UIHints.MultiLine, Order = 1)]
    public string? Description { get; set; }

    [Input(Description = "The approvers in order; each is " + Assignment.Syntax + ".", Order = 2)]
    public string[]? Approvers { get; set; }

    [Input(Description = "Sequential: one after the other. Parallel: all at once, approved when enough approved.", Order = 3,
        DefaultValue = nameof(ApprovalMode.Sequential))]
    public ApprovalMode Mode { get; set; }

    [Input(DisplayName = "Required approvals", Description = "Parallel only: how many approvals approve the request (N of M); 0 means all.", Order = 4)]
    public int RequiredApprovals { get; set; }

    [Input(Description = "The amount the thresholds compare, e.g. getInput('discountPercent').", Order = 5)]
    public decimal? Amount { get; set; }

    [Input(UIHint = UIHints.Json, Order = 6,
        Description = "Extra approvers when the amount is above a threshold, as JSON: [{\"above\":10,\"approver\":\"role:BranchManager\"},{\"above\":20,\"approver\":\"role:Executive\"}]. Below every threshold and with no approvers, the request is approved at once.")]
    public object? Thresholds { get; set; }

    [Input(Description = "How urgent the approval is.", Order = 7, DefaultValue = nameof(TaskPriority.Normal))]
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    [Input(DisplayName = "Due in", Description = "Time each approver has, as d.hh:mm:ss.", Order = 8)]
    public TimeSpan? DueIn { get; set; }

    [Input(DisplayName = "Due in business hours", Description = "Working hours each approver has, in the calendar of the approver's unit; wins over Due in.", Order = 8)]
    public decimal? DueInBusinessHours { get; set; }

    [Input(DisplayName = "When overdue", Description = "What happens when an approver's due time passes.", Order = 9, DefaultValue = nameof(OverdueAction.None),
        Options = ["Nothing (shown as overdue)|None", "Continue on Overdue|Outcome", "Escalate to the manager|EscalateToManager"])]
    public OverdueAction OnOverdue { get; set; }

    [Input(DisplayName = "Form fields", UIHint = UIHints.Json, Order = 10, Description = "Fields the approver fills (same JSON as on Human task).")]
    public object? FormFields { get; set; }

    [Input(Description = "The CRM area for the inbox filter, e.g. Accounts.", Order = 11)]
    public string? Module { get; set; }

    [Input(Description = "Where the record to approve is, e.g. /accounts/{id}.", Order = 12)]
    public string? Link { get; set; }

    [Output(Description = "Approved, Rejected or Returned.")]
    public string? Decision { get; set; }

    [Output(Description = "The deciding approver's comment.")]
    public string? Comment { get; set; }

    [Output(DisplayName = "Decided by", Description = "User id of the deciding approver.")]
    public string? DecidedBy { get; set; }

    [Output(Description = "Every vote: step, approver, decision, comment, time.")]
    public object? Votes { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            return ActivityResult.Fault("The approval request has no title.");
        }

        var approvers = Chain(out var error);
        var fields = TaskForm.Parse(FormFields, out var formError);
        if ((error ?? formError) is { } problem)
        {
            return ActivityResult.Fault(problem);
        }

        if (approvers.Count == 0)
        {
            Decision = Approved;
            Comment = Amount is { } amount
                ? $"No approval needed: {amount.ToString(CultureInfo.InvariantCulture)} is below every threshold."
                : "No approval needed: no approvers.";
            Votes = new List<object?>();
            context.Log(Comment);
            return ActivityResult.Complete(Approved);
        }

        var required = Required(approvers.Count, out error);
        if (error is not null)
        {
            return ActivityResult.Fault(error);
        }

        var due = await DueAsync(approvers[0], context.CancellationToken);
        var onOverdue = due is null ? OverdueAction.None : OnOverdue;
        var bookmarks = new List<Bookmark>();
        var steps = Mode == ApprovalMode.Parallel ? Enumerable.Range(1, approvers.Count) : [1];
        foreach (var step in steps)
        {
            var (task, stepError) = await TaskAsync(context, approvers[step - 1], step, due, onOverdue, fields);
            if (stepError is not null)
            {
                return ActivityResult.Fault(stepError);
            }

            bookmarks.Add(TaskInputs.TaskBookmark(task, step));
        }

        if (TaskInputs.DueBookmark(due, onOverdue) is { } timer)
        {
            bookmarks.Add(timer);
        }

        context.Log(Mode == ApprovalMode.Parallel
            ? $"Approval by {required} of {approvers.Count} in parallel: {string.Join(", ", approvers)}"
            : $"Approval chain of {approvers.Count}: {string.Join(" → ", approvers)}");
        return ActivityResult.Suspend([.. bookmarks]);
    }

    public async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        if (resume.BookmarkName == InboxBookmarks.Due)
        {
            return TaskInputs.Overdue(context, OnOverdue, resume, "the approval");
        }

        var decision = resume.Input.GetValueOrDefault(InboxBookmarks.OutcomeKey) as string;
        if (decision is null || !Decisions.Contains(decision, StringComparer.Ordinal))
        {
            return ActivityResult.Fault($"The approval was resumed with '{decision}'; expected Approved, Rejected or Returned.");
        }

        var approvers = Chain(out var error);
        var fields = TaskForm.Parse(FormFields, out _);
        if (error is not null)
        {
            return ActivityResult.Fault(error);
        }

        var taskId = resume.Payload.GetValueOrDefault(InboxBookmarks.TaskIdKey) as string;
        var step = Convert.ToInt32(resume.Payload.GetValueOrDefault("step") ?? 1, CultureInfo.InvariantCulture);
        var votes = await VotesAsync(context, taskId, step, decision, resume.Input);
        Votes = votes.Select(v => (object?)v.ToOutput()).ToList();
        Comment = resume.Input.GetValueOrDefault(InboxBookmarks.CommentKey) as string;
        DecidedBy = resume.Input.GetValueOrDefault(InboxBookmarks.CompletedByKey) as string;

        if (decision == Returned)
        {
            return Decide(context, Returned);
        }

        if (Mode == ApprovalMode.Parallel)
        {
            var required = Required(approvers.Count, out _);
            var approvals = votes.Count(v => v.Decision == Approved);
            var rejections = votes.Count(v => v.Decision == Rejected);
            if (approvals >= required)
            {
                return Decide(context, Approved);
            }

            if (rejections > approvers.Count - required)
            {
                return Decide(context, Rejected);
            }

            context.Log($"{approvals} of {required} approvals so far; waiting for the others.");
            return ActivityResult.KeepWaiting();
        }

        if (decision == Rejected)
        {
            return Decide(context, Rejected);
        }

        if (step >= approvers.Count)
        {
            return Decide(context, Approved);
        }

        // Approved at this level: the next approver gets the request, with a due time of their own.
        var due = await DueAsync(approvers[step], context.CancellationToken);
        var onOverdue = due is null ? OverdueAction.None : OnOverdue;
        var (next, nextError) = await TaskAsync(context, approvers[step], step + 1, due, onOverdue, fields);
        if (nextError is not null)
        {
            return ActivityResult.Fault(nextError);
        }

        context.Log($"Step {step} approved; step {step + 1} of {approvers.Count} goes to {approvers[step]}.");
        return ActivityResult.Suspend([.. TaskInputs.Bookmarks(next, step + 1, due, onOverdue)], [InboxBookmarks.Due]);
    }

    private ActivityResult Decide(ActivityContext context, string decision)
    {
        Decision = decision;
        context.Log($"Decision: {decision}{(DecidedBy is null ? "" : $" (by {DecidedBy})")}.");
        return ActivityResult.Complete(decision);
    }

    /// <summary>The approvers: the listed ones, then one per threshold the amount exceeds (lowest threshold first).</summary>
    private List<string> Chain(out string? error)
    {
        error = null;
        var chain = (Approvers ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList();
        if (Thresholds is null || Thresholds is string { Length: 0 })
        {
            return chain;
        }

        List<Threshold>? thresholds;
        try
        {
            var json = Thresholds is string text ? text : JsonSerializer.Serialize(Thresholds);
            thresholds = JsonSerializer.Deserialize<List<Threshold>>(json, FormField.Json);
        }
        catch (JsonException e)
        {
            error = $"The thresholds are not a list of {{\"above\": amount, \"approver\": who}}: {e.Message}";
            return [];
        }

        foreach (var threshold in (thresholds ?? []).OrderBy(t => t.Above))
        {
            var who = (threshold.Approvers ?? []).Append(threshold.Approver).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).ToList();
            if (who.Count == 0)
            {
                error = $"The threshold above {threshold.Above.ToString(CultureInfo.InvariantCulture)} names no approver.";
                return [];
            }

            if (Amount is { } amount && amount > threshold.Above)
            {
                chain.AddRange(who);
            }
        }

        return chain;
    }

    private int Required(int approvers, out string? error)
    {
        error = null;
        if (Mode != ApprovalMode.Parallel || RequiredApprovals == 0)
        {
            return approvers;
        }

        if (RequiredApprovals < 0 || RequiredApprovals > approvers)
        {
            error = $"Required approvals is {RequiredApprovals}, but there are {approvers} approvers.";
        }

        return RequiredApprovals;
    }

    private async Task<(Guid TaskId, string? Error)> TaskAsync(
        ActivityContext context, string approver, int step, DateTime? due, OverdueAction onOverdue, IReadOnlyList<FormField> fields)
    {
        var (assignment, error) = await Assignment.ResolveAsync(approver, staff, routing, context.CancellationToken);
        if (error is not null || assignment is null)
        {
            return (Guid.Empty, $"Approver {step}: {error ?? "empty"}");
        }

        var taskId = Guid.NewGuid();
        context.AddEffect(new CreateTaskEffect(new HumanTaskSpec
        {
            TaskId = taskId,
            Kind = HumanTaskKind.Approval,
            ActivityId = context.ActivityId,
            ActivityInstanceId = context.ActivityExecutionId ?? context.ActivityId,
            Title = Title.Trim(),
            Description = Description,
            Module = Module,
            Link = Link,
            Priority = Priority,
            AssigneeId = assignment.UserId,
            CandidateRole = assignment.Role,
            CandidateBranchId = assignment.BranchId,
            DueAtUtc = due,
            OnOverdue = onOverdue,
            Outcomes = Decisions,
            FormFields = fields,
            Amount = Amount,
            ApprovalStep = step,
        }));
        return (taskId, null);
    }

    /// <summary>The due time of an approver's task; in business hours it is reckoned in that approver's unit calendar (in parallel mode, the first approver's).</summary>
    private async Task<DateTime?> DueAsync(string approver, CancellationToken cancellationToken)
    {
        if (DueInBusinessHours is not { } hours)
        {
            return TaskInputs.Due(null, DueIn, clock);
        }

        var (assignment, _) = await Assignment.ResolveAsync(approver, staff, routing, cancellationToken);
        return assignment is null ? null : await TaskInputs.BusinessDueAsync(hours, assignment, routing, calendar, clock, cancellationToken);
    }

    /// <summary>
    /// The votes so far: the completed tasks of this execution (the one being completed is among them when the inbox
    /// completed it; a resume through the raw bookmark API adds it from the resume input).
    /// </summary>
    private async Task<List<Vote>> VotesAsync(ActivityContext context, string? taskId, int step, string decision, IReadOnlyDictionary<string, object?> input)
    {
        var executionId = context.ActivityExecutionId ?? context.ActivityId;
        var votes = await db.HumanTasks.AsNoTracking()
            .Where(t => t.ActivityInstanceId == executionId && t.Status == HumanTaskStatus.Completed && t.WorkflowInstanceId == context.WorkflowInstanceId)
            .OrderBy(t => t.CompletedAtUtc)
            .Select(t => new Vote(t.Id, t.ApprovalStep ?? 0, t.CompletedById, t.Outcome ?? "", t.Comment, t.CompletedAtUtc))
            .ToListAsync(context.CancellationToken);
        var current = Guid.TryParse(taskId, out var id) ? id : Guid.Empty;
        if (votes.All(v => v.TaskId != current))
        {
            var by = Guid.TryParse(input.GetValueOrDefault(InboxBookmarks.CompletedByKey) as string, out var user) ? user : (Guid?)null;
            votes.Add(new Vote(current, step, by, decision, input.GetValueOrDefault(InboxBookmarks.CommentKey) as string, clock.GetUtcNow().UtcDateTime));
        }

        return votes;
    }

    private sealed record Threshold(decimal Above, string? Approver, IReadOnlyList<string>? Approvers);

    private sealed record Vote(Guid TaskId, int Step, Guid? ApproverId, string Decision, string? Comment, DateTime? AtUtc)
    {
        public Dictionary<string, object?> ToOutput() => new(StringComparer.Ordinal)
        {
            ["step"] = Step,
            ["approverId"] = ApproverId?.ToString(),
            ["decision"] = Decision,
            ["comment"] = Comment,
            ["atUtc"] = AtUtc,
        };
    }
}
