using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Runtime.Execution;

namespace Crm.Workflows.Inbox.Activities;

[Activity("Crm", "HumanTask", Category = "CRM Tasks", DisplayName = "Human task", Kind = ActivityKind.Task,
    Description = "Puts a task in a person's or a queue's inbox and waits until someone completes it; continues on the outcome they chose.")]
[Outcome("Overdue")]
internal sealed class HumanTaskActivity(StaffLookup staff, IWorkRouting routing, IBusinessCalendar calendar, TimeProvider clock) : IBlockingActivity
{
    [Input(Description = "What to do, as the inbox lists it. Expressions allowed, e.g. `Call ${getInput('name')}`.", IsRequired = true, Order = 0)]
    public string Title { get; set; } = "";

    [Input(Description = "Details and instructions for the person.", UIHint = UIHints.MultiLine, Order = 1)]
    public string? Description { get; set; }

    [Input(Description = "Who does it: " + Assignment.Syntax + ". Leave empty for a queue task.", Order = 2)]
    public string? Assignee { get; set; }

    [Input(DisplayName = "Candidate role", Description = "The role whose members may claim the task from their queue.", Order = 3,
        Options = ["(none)|", "Administrator|Administrator", "Process owner|ProcessOwner", "Implementer|Implementer", "Sales|Sales", "Service|Service",
            "Branch manager|BranchManager", "Executive|Executive"])]
    public string? CandidateRole { get; set; }

    [Input(DisplayName = "Candidate branch", Description = "A branch id: the task goes to that branch's queue (with a role: that role in that branch).", Order = 4)]
    public string? CandidateBranch { get; set; }

    [Input(Description = "How urgent the task is; the inbox sorts by it.", Order = 5, DefaultValue = nameof(TaskPriority.Normal))]
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    [Input(Description = "The choices the person completes the task with; each becomes an outgoing port.", UIHint = UIHints.DynamicOutcomes,
        DefaultValue = "[\"Done\"]", Order = 6)]
    public string[]? Outcomes { get; set; }

    [Input(DisplayName = "Due in", Description = "Time allowed from creation, as d.hh:mm:ss (2.00:00:00 is two days).", Order = 7)]
    public TimeSpan? DueIn { get; set; }

    [Input(DisplayName = "Due in business hours", Description = "Working hours allowed from creation, in the calendar of the assignee's unit (or the queue's); wins over Due in.", Order = 7)]
    public decimal? DueInBusinessHours { get; set; }

    [Input(DisplayName = "Due at", Description = "A fixed due time (UTC); wins over Due in.", Order = 8)]
    public DateTime? DueAt { get; set; }

    [Input(DisplayName = "When overdue", Description = "What happens when the due time passes.", Order = 9, DefaultValue = nameof(OverdueAction.None),
        Options = ["Nothing (shown as overdue)|None", "Continue on Overdue|Outcome", "Escalate to the manager|EscalateToManager"])]
    public OverdueAction OnOverdue { get; set; }

    [Input(DisplayName = "Form fields", Order = 10, UIHint = UIHints.Json,
        Description = "Fields the person fills, as JSON: [{\"name\":\"reason\",\"label\":\"Reason\",\"type\":\"text\",\"required\":true}]. " +
                      "Types: text, multiline, number (min, max), date, boolean, choice (options), user.")]
    public object? FormFields { get; set; }

    [Input(Description = "The CRM area for the inbox filter, e.g. Accounts.", Order = 11)]
    public string? Module { get; set; }

    [Input(Description = "Where the record behind the task is, e.g. /accounts/{id}.", Order = 12)]
    public string? Link { get; set; }

    [Output(Description = "The outcome the person chose.")]
    public string? Outcome { get; set; }

    [Output(Description = "The person's comment.")]
    public string? Comment { get; set; }

    [Output(DisplayName = "Form data", Description = "The form's values by field name.")]
    public object? FormData { get; set; }

    [Output(DisplayName = "Completed by", Description = "User id of the person who completed it.")]
    public string? CompletedBy { get; set; }

    [Output(DisplayName = "Task id", Description = "The task's id in the inbox.")]
    public string? TaskId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            return ActivityResult.Fault("The human task has no title.");
        }

        var (assignment, error) = await TaskInputs.AssignmentAsync(Assignee, CandidateRole, CandidateBranch, staff, routing, context.CancellationToken);
        if (error is not null)
        {
            return ActivityResult.Fault(error);
        }

        var outcomes = TaskInputs.Outcomes(Outcomes, out error);
        var fields = TaskForm.Parse(FormFields, out var formError);
        if ((error ?? formError) is { } problem)
        {
            return ActivityResult.Fault(problem);
        }

        var due = DueAt is null && DueInBusinessHours is { } hours
            ? await TaskInputs.BusinessDueAsync(hours, assignment!, routing, calendar, clock, context.CancellationToken)
            : TaskInputs.Due(DueAt, DueIn, clock);
        var taskId = Guid.NewGuid();
        context.AddEffect(new CreateTaskEffect(new HumanTaskSpec
        {
            TaskId = taskId,
            ActivityId = context.ActivityId,
            ActivityInstanceId = context.ActivityExecutionId ?? context.ActivityId,
            Title = Title.Trim(),
            Description = Description,
            Module = Module,
            Link = Link,
            Priority = Priority,
            AssigneeId = assignment!.UserId,
            CandidateRole = assignment.Role,
            CandidateBranchId = assignment.BranchId,
            DueAtUtc = due,
            OnOverdue = due is null ? OverdueAction.None : OnOverdue,
            Outcomes = outcomes,
            FormFields = fields,
        }));
        TaskId = taskId.ToString();
        context.Log($"Task '{Title.Trim()}' for {Describe(assignment)}{(due is null ? "" : $", due {due:u}")}");
        return ActivityResult.Suspend(TaskInputs.Bookmarks(taskId, null, due, due is null ? OverdueAction.None : OnOverdue));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        if (resume.BookmarkName == InboxBookmarks.Due)
        {
            return ValueTask.FromResult(TaskInputs.Overdue(context, OnOverdue, resume, "the task"));
        }

        TaskId = resume.Payload.GetValueOrDefault(InboxBookmarks.TaskIdKey) as string;
        var outcomes = TaskInputs.Outcomes(Outcomes, out _);
        var outcome = resume.Input.GetValueOrDefault(InboxBookmarks.OutcomeKey) as string ?? (outcomes.Count == 1 ? outcomes[0] : null);
        if (outcome is null || !outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            return ValueTask.FromResult(ActivityResult.Fault(
                $"The task was resumed with outcome '{outcome}', which is not one of {string.Join(", ", outcomes)}."));
        }

        Outcome = outcome;
        Comment = resume.Input.GetValueOrDefault(InboxBookmarks.CommentKey) as string;
        FormData = resume.Input.GetValueOrDefault(InboxBookmarks.FormDataKey);
        CompletedBy = resume.Input.GetValueOrDefault(InboxBookmarks.CompletedByKey) as string;
        return ValueTask.FromResult(ActivityResult.Complete(outcome));
    }

    private static string Describe(Assignment assignment) =>
        assignment.UserId is { } user ? $"user {user}" : $"queue {Groups.Key(assignment.Role, assignment.BranchId)}";
}

/// <summary>Input handling shared by the human-task and approval activities.</summary>
internal static class TaskInputs
{
    public const string OverdueOutcome = "Overdue";

    public static async Task<(Assignment? Assignment, string? Error)> AssignmentAsync(
        string? assignee, string? role, string? branch, StaffLookup staff, IWorkRouting routing, CancellationToken cancellationToken)
    {
        var (resolved, error) = await Assignment.ResolveAsync(assignee, staff, routing, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        Guid? branchId = null;
        if (!string.IsNullOrWhiteSpace(branch))
        {
            if (!Guid.TryParse(branch, out var parsed))
            {
                return (null, $"Candidate branch '{branch}' is not a branch id.");
            }

            branchId = parsed;
        }

        var result = new Assignment(
            resolved?.UserId,
            resolved?.Role ?? (string.IsNullOrWhiteSpace(role) ? null : role.Trim()),
            resolved?.BranchId ?? branchId);
        return result is { UserId: null, Role: null, BranchId: null }
            ? (null, "The task has nobody to go to: set an assignee, a candidate role or a candidate branch.")
            : (result, null);
    }

    /// <summary>Distinct, trimmed; none means the single outcome "Done". "Overdue" is the due timer's port.</summary>
    public static IReadOnlyList<string> Outcomes(string[]? outcomes, out string? error)
    {
        error = null;
        var list = (outcomes ?? []).Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (list.Contains(OverdueOutcome, StringComparer.Ordinal))
        {
            error = "'Overdue' is the port the task takes when its due time passes; name the person's outcomes differently.";
        }

        return list.Count == 0 ? [ActivityResult.Done] : list;
    }

    public static DateTime? Due(DateTime? dueAt, TimeSpan? dueIn, TimeProvider clock) =>
        dueAt is { } at ? (at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime())
        : dueIn is { } span && span > TimeSpan.Zero ? clock.GetUtcNow().UtcDateTime.Add(span)
        : null;

    /// <summary>
    /// A due time in business hours, reckoned in the calendar of the unit the work is for: the queue's unit, or the
    /// assignee's own (the company calendar when neither is known), so a weekend or a holiday does not eat the time.
    /// </summary>
    public static async Task<DateTime?> BusinessDueAsync(
        decimal hours, Assignment assignment, IWorkRouting routing, IBusinessCalendar calendar, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (hours <= 0)
        {
            return null;
        }

        var unit = assignment.BranchId ?? (assignment.UserId is { } user ? await routing.UnitOfAsync(user, cancellationToken) : null);
        return await calendar.AddBusinessTimeAsync(unit, clock.GetUtcNow().UtcDateTime, TimeSpan.FromHours((double)hours), cancellationToken);
    }

    public static Bookmark TaskBookmark(Guid taskId, int? step) =>
        new(InboxBookmarks.Task, step is { } s
            ? new Dictionary<string, object?> { [InboxBookmarks.TaskIdKey] = taskId.ToString(), ["step"] = s }
            : new Dictionary<string, object?> { [InboxBookmarks.TaskIdKey] = taskId.ToString() });

    /// <summary>The due timer: only when something is to happen when it fires (the overdue view needs no timer).</summary>
    public static Bookmark? DueBookmark(DateTime? due, OverdueAction onOverdue) =>
        due is { } at && onOverdue != OverdueAction.None
            ? new Bookmark(InboxBookmarks.Due, new Dictionary<string, object?> { ["dueAtUtc"] = at.ToString("O") }, at)
            : null;

    public static Bookmark[] Bookmarks(Guid taskId, int? step, DateTime? due, OverdueAction onOverdue) =>
        DueBookmark(due, onOverdue) is { } timer ? [TaskBookmark(taskId, step), timer] : [TaskBookmark(taskId, step)];

    /// <summary>The due timer fired: continue on Overdue (withdrawing the tasks), or escalate them and keep waiting.</summary>
    public static ActivityResult Overdue(ActivityContext context, OverdueAction onOverdue, BookmarkResume resume, string what)
    {
        var executionId = context.ActivityExecutionId ?? context.ActivityId;
        DateTime? due = resume.Payload.GetValueOrDefault("dueAtUtc") is string text && DateTime.TryParse(text, null, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed
            : null;
        switch (onOverdue)
        {
            case OverdueAction.Outcome:
                context.AddEffect(new CloseTasksEffect(executionId, "Overdue: the due time passed and the workflow continued without it."));
                context.Log($"Overdue: {what} was withdrawn; continuing on Overdue.");
                return ActivityResult.Complete(OverdueOutcome);
            case OverdueAction.EscalateToManager:
                context.AddEffect(new EscalateTasksEffect(executionId, due));
                context.Log($"Overdue: {what} is escalated to the assignee's manager.");
                return ActivityResult.KeepWaiting();
            default:
                return ActivityResult.KeepWaiting();
        }
    }
}
