namespace Crm.Workflows.Definitions;

/// <summary>
/// A request the workflow API refuses with 400 and a list of messages: a definition that cannot be published, or a
/// body that is not a workflow definition. Studio shows every message of <see cref="Errors"/> (it reads the
/// <c>errors</c> of a problem-details response), so each message names the activity it is about.
/// </summary>
internal sealed class WorkflowValidationException(string title, IReadOnlyDictionary<string, string[]> errors)
    : Exception(title + " " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public string Title { get; } = title;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static WorkflowValidationException Single(string title, string key, string message) => new(title, new Dictionary<string, string[]> { [key] = [message] });
}
