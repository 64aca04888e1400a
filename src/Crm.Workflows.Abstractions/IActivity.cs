namespace Crm.Workflows.Abstractions;

/// <summary>
/// A unit of work in a workflow. A new instance is created for every execution, its [Input] properties filled from
/// the designer's expressions; after it returns, its [Output] properties are recorded.
/// </summary>
public interface IActivity
{
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);
}

/// <summary>An activity that waits (for a person, an event, a time) and continues when its bookmark is resumed.</summary>
public interface IBlockingActivity : IActivity
{
    /// <summary>Called in a later burst with the data the resumer supplied (e.g. the task outcome and form).</summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume);
}

/// <summary>What the resumer of a bookmark supplies.</summary>
public sealed record BookmarkResume(string BookmarkName, IReadOnlyDictionary<string, object?> Payload, IReadOnlyDictionary<string, object?> Input);

/// <summary>What an execution of an activity ended with.</summary>
public sealed class ActivityResult
{
    private ActivityResult(ActivityResultKind kind, IReadOnlyList<string> outcomes, IReadOnlyList<Bookmark> bookmarks, IReadOnlyCollection<string> replacing, string? faultMessage)
    {
        Kind = kind;
        Outcomes = outcomes;
        Bookmarks = bookmarks;
        Replacing = replacing;
        FaultMessage = faultMessage;
    }

    public ActivityResultKind Kind { get; }

    /// <summary>The ports to continue on (default "Done").</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>The first new bookmark of a suspension, if any.</summary>
    public Bookmark? Bookmark => Bookmarks.Count > 0 ? Bookmarks[0] : null;

    /// <summary>The bookmarks a suspension adds (the activity's existing ones stay unless named in <see cref="Replacing"/>).</summary>
    public IReadOnlyList<Bookmark> Bookmarks { get; }

    /// <summary>Names of this activity's existing bookmarks that a suspension removes before adding <see cref="Bookmarks"/>.</summary>
    public IReadOnlyCollection<string> Replacing { get; }

    public string? FaultMessage { get; }

    public const string Done = "Done";

    public static ActivityResult Complete(params string[] outcomes) =>
        new(ActivityResultKind.Completed, outcomes.Length == 0 ? [Done] : outcomes, [], [], null);

    /// <summary>Waits: the workflow is persisted and continues when the bookmark is resumed.</summary>
    public static ActivityResult Suspend(Bookmark bookmark) => new(ActivityResultKind.Suspended, [], [bookmark], [], null);

    /// <summary>
    /// Waits on several bookmarks at once (e.g. a task and its due-time timer, or one task per approver); whichever is
    /// resumed first calls <see cref="IBlockingActivity.ResumeAsync"/>, and the others stay until the activity completes.
    /// </summary>
    public static ActivityResult Suspend(params Bookmark[] bookmarks) => Suspend(bookmarks, []);

    /// <summary>
    /// From <see cref="IBlockingActivity.ResumeAsync"/>: keeps waiting, first removing this activity's bookmarks named in
    /// <paramref name="replacing"/> (e.g. an old due-time timer), then adding <paramref name="bookmarks"/>.
    /// </summary>
    public static ActivityResult Suspend(IReadOnlyList<Bookmark> bookmarks, IReadOnlyCollection<string> replacing) =>
        new(ActivityResultKind.Suspended, [], bookmarks, replacing, null);

    /// <summary>
    /// From <see cref="IBlockingActivity.ResumeAsync"/>: goes on waiting on the activity's remaining bookmarks (the one
    /// just resumed is gone). An activity left with no bookmark at all faults instead of hanging for ever.
    /// </summary>
    public static ActivityResult KeepWaiting() => new(ActivityResultKind.Suspended, [], [], [], null);

    /// <summary>Fails the activity: recorded as an incident on the instance, visible in the designer's viewer.</summary>
    public static ActivityResult Fault(string message) => new(ActivityResultKind.Faulted, [], [], [], message);
}

public enum ActivityResultKind
{
    Completed,
    Suspended,
    Faulted,
}

/// <summary>
/// A named wait point. <see cref="Name"/> plus <see cref="Payload"/> identify it for resumers (e.g. name "HumanTask",
/// payload taskId); <see cref="ResumeAtUtc"/> makes it a timer.
/// </summary>
public sealed record Bookmark(string Name, IReadOnlyDictionary<string, object?> Payload, DateTime? ResumeAtUtc = null);
