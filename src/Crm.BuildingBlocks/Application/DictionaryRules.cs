using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.PublicApi;
using FluentValidation;

namespace Crm.BuildingBlocks.Application;

/// <summary>
/// How every module checks a field that holds a dictionary code (<see cref="IDictionaries"/>, ADR 0125): a new value
/// must be an entry that is not retired; a value a record already holds stays acceptable after its entry retires (or,
/// for a list that used to be free text, when it never was an entry), so editing something else on an old record never
/// fails on it. Codes compare case-insensitively and are stored as the dictionary spells them.
/// </summary>
public static class DictionaryRules
{
    /// <summary>
    /// A validator rule: empty, or an entry of <paramref name="dictionaryKey"/> that is not retired (new values); with
    /// <paramref name="allowRetired"/> true for the request, retired entries pass too (a list filter, since old records
    /// still hold them; a value carried over from another record, as a converted lead's source).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> InDictionary<T>(this IRuleBuilder<T, string?> rule, IDictionaries dictionaries, string dictionaryKey, Func<T, bool>? allowRetired = null) =>
        rule.CustomAsync(async (code, context, cancellationToken) =>
        {
            var retiredAllowed = allowRetired?.Invoke(context.InstanceToValidate) == true;
            if (await ProblemAsync(dictionaries, dictionaryKey, code, current: null, cancellationToken, retiredAllowed) is { } problem)
            {
                context.AddFailure(ServerText.Translate(problem));
            }
        });

    /// <summary>The refusal of a new value in the reader's language, or null when it is allowed: for checks that collect errors (file imports).</summary>
    public static async Task<string?> RefusalAsync(this IDictionaries dictionaries, string dictionaryKey, string? code, CancellationToken cancellationToken) =>
        await ProblemAsync(dictionaries, dictionaryKey, code, current: null, cancellationToken) is { } problem ? ServerText.Translate(problem) : null;

    /// <summary>
    /// For a change of an existing record: refuses (422 with the field's error) a value that is neither an active entry
    /// nor the value the record already holds (<paramref name="current"/>).
    /// </summary>
    public static async Task EnsureAllowedAsync(this IDictionaries dictionaries, string dictionaryKey, string? code, string? current, string field, CancellationToken cancellationToken)
    {
        if (await ProblemAsync(dictionaries, dictionaryKey, code, current, cancellationToken) is { } problem)
        {
            throw new BusinessRuleException(problem, field);
        }
    }

    /// <summary>The code as the dictionary spells it (<c>website</c> → <c>Website</c>); a text that is no entry comes back trimmed, blank as null.</summary>
    public static async Task<string?> CodeAsync(this IDictionaries dictionaries, string dictionaryKey, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return (await dictionaries.FindAsync(dictionaryKey, text.Trim(), cancellationToken))?.Code ?? text.Trim();
    }

    /// <summary>The label to show for a stored code in the reader's language; a value that is no entry (old free text) shows as it is.</summary>
    public static string? Label(this IReadOnlyList<DictionaryEntry> entries, string? code) =>
        code is null ? null : entries.FirstOrDefault(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase))?.LabelFor(System.Globalization.CultureInfo.CurrentUICulture) ?? code;

    private static async Task<CrmText?> ProblemAsync(IDictionaries dictionaries, string dictionaryKey, string? code, string? current, CancellationToken cancellationToken, bool allowRetired = false)
    {
        if (string.IsNullOrWhiteSpace(code) || string.Equals(code.Trim(), current?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var entry = await dictionaries.FindAsync(dictionaryKey, code.Trim(), cancellationToken);
        if (entry is null)
        {
            return NotAnEntry(code.Trim());
        }

        // Not a conditional expression: its null would turn into an empty CrmText through the implicit string conversion.
        if (entry.Retired && !allowRetired)
        {
            return Retired(entry.Code);
        }

        return null;
    }

    private static CrmText NotAnEntry(string code) => $"'{code}' is not an entry of this list; pick one of its entries.";

    private static CrmText Retired(string code) => $"'{code}' is retired; pick one of the list's current entries.";
}
