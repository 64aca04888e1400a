using FluentValidation.Results;

namespace Crm.Web;

/// <summary>
/// Field messages of a form, keyed like the API's problem details (<c>name</c>, <c>contacts[0].email</c>): fill it from
/// the module's FluentValidation failures and bind each input's <c>Error</c>/<c>ErrorText</c> to it.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _messages = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _messages.Count > 0;

    public int Count => _messages.Count;

    /// <summary>The first message for the field, or null.</summary>
    public string? this[string field] => _messages.GetValueOrDefault(field);

    public bool Has(string field) => _messages.ContainsKey(field);

    public void Clear() => _messages.Clear();

    /// <summary>Keeps the first message per field (the validator's rule order puts the most basic first).</summary>
    public void Add(string field, string message) => _messages.TryAdd(Key(field), message);

    public void Set(IEnumerable<ValidationFailure> failures)
    {
        _messages.Clear();
        foreach (var failure in failures)
        {
            Add(failure.PropertyName, failure.ErrorMessage);
        }
    }

    /// <summary>
    /// Messages that belong to none of <paramref name="shownFields"/>, so the form can list them above. An item of a
    /// shown list field (<c>tags[2]</c> when <c>tags</c> is shown) counts as shown.
    /// </summary>
    public IEnumerable<string> Others(IEnumerable<string> shownFields)
    {
        var shown = shownFields.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return _messages.Where(m => !shown.Contains(m.Key) && !shown.Contains(m.Key.Split('[')[0])).Select(m => m.Value);
    }

    /// <summary>"Contacts[0].Email" → "contacts[0].email", as the API names fields.</summary>
    public static string Key(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
