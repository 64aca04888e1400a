using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Crm.BuildingBlocks.Localization;
using FluentValidation;
using FluentValidation.Results;

namespace Crm.BuildingBlocks.Application;

/// <summary>
/// The bounds every request of every module obeys, checked once for all of them by <see cref="ValidationBehavior{TRequest,TResponse}"/>
/// (ADR 0050): dates between <see cref="MinDate"/> and <see cref="MaxDate"/>, and no control characters in any text
/// except tab and line breaks. Single-line fields (names, phone numbers) add <see cref="SingleLine{T}"/>.
/// </summary>
public static class InputRules
{
    /// <summary>
    /// 1900 still covers founding dates of old customers; 2200 is far beyond any contract, quote or key expiry. Both keep
    /// date arithmetic (reminders minutes before, periods, time zones) clear of <see cref="DateTime.MinValue"/> and
    /// <see cref="DateTime.MaxValue"/>, and inside what SQL Server's <c>datetime2</c> and PostgreSQL store.
    /// </summary>
    public static readonly DateTime MinDate = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime MaxDate = new(2200, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    private const int MaxDepth = 6;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static bool IsSaneDate(DateTime value) => value.Year is >= 1900 and <= 2200;

    public static bool IsSaneDate(DateTimeOffset value) => value.Year is >= 1900 and <= 2200 && value.UtcDateTime.Year is >= 1900 and <= 2200;

    public static bool IsSaneDate(DateOnly value) => value.Year is >= 1900 and <= 2200;

    /// <summary>True when <paramref name="text"/> holds a control character; tab, CR and LF only count when <paramref name="allowLineBreaks"/> is false.</summary>
    public static bool HasControlCharacters(string? text, bool allowLineBreaks)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (allowLineBreaks && c is '\t' or '\r' or '\n')
            {
                continue;
            }

            // Besides C0/C1 (NUL, ESC, DEL …): the Unicode line and paragraph separators break single-line layouts too.
            if (char.IsControl(c) || (!allowLineBreaks && c is '\u2028' or '\u2029'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A name, phone number or other one-line text: no control characters, not even a line break or tab.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => !HasControlCharacters(t, allowLineBreaks: false))
            // Translated before FluentValidation fills in the field's name: the formatted text is no catalogue key.
            .WithMessage(_ => ServerText.Translate(SingleLineMessage));

    internal const string SingleLineMessage = "{PropertyName} must be a single line without control characters.";

    public static string DateRangeMessage => $"Dates must be between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.";

    /// <summary>
    /// Walks a request (records, lists, dictionaries and JSON values inside it) and reports every date outside the bounds
    /// and every text with a control character, under the property path the client sent.
    /// </summary>
    public static IReadOnlyList<ValidationFailure> Inspect(object? request)
    {
        var failures = new List<ValidationFailure>();
        if (request is not null)
        {
            InspectObject(request, "", failures, 0);
        }

        return failures;
    }

    private static void InspectValue(object? value, string path, List<ValidationFailure> failures, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (HasControlCharacters(text, allowLineBreaks: true))
                {
                    failures.Add(new ValidationFailure(Name(path), "Text must not contain control characters.", null));
                }

                return;
            case DateTime date:
                if (!IsSaneDate(date))
                {
                    failures.Add(new ValidationFailure(Name(path), DateRangeMessage, null));
                }

                return;
            case DateTimeOffset offset:
                if (!IsSaneDate(offset))
                {
                    failures.Add(new ValidationFailure(Name(path), DateRangeMessage, null));
                }

                return;
            case DateOnly day:
                if (!IsSaneDate(day))
                {
                    failures.Add(new ValidationFailure(Name(path), DateRangeMessage, null));
                }

                return;
            case JsonElement json:
                InspectJson(json, path, failures, depth);
                return;
        }

        if (depth >= MaxDepth || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal or Guid or TimeSpan or TimeOnly)
        {
            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                InspectValue(entry.Key as string, $"{path}[{entry.Key}]", failures, depth + 1);
                InspectValue(entry.Value, $"{path}[{entry.Key}]", failures, depth + 1);
            }

            return;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                InspectValue(item, $"{path}[{index++}]", failures, depth + 1);
            }

            return;
        }

        InspectObject(value, path, failures, depth + 1);
    }

    private static void InspectObject(object value, string path, List<ValidationFailure> failures, int depth)
    {
        var type = value.GetType();

        // Only our own request types are walked: framework objects (streams, form files, claims) are not input text.
        var assembly = type.Assembly.GetName().Name ?? "";
        if (!assembly.StartsWith("Crm.", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
        {
            InspectValue(property.GetValue(value), path.Length == 0 ? property.Name : $"{path}.{property.Name}", failures, depth);
        }
    }

    private static void InspectJson(JsonElement json, string path, List<ValidationFailure> failures, int depth)
    {
        if (depth >= MaxDepth)
        {
            return;
        }

        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                InspectValue(json.GetString(), path, failures, depth);
                break;
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    InspectJson(property.Value, $"{path}[{property.Name}]", failures, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in json.EnumerateArray())
                {
                    InspectJson(item, $"{path}[{index++}]", failures, depth + 1);
                }

                break;
        }
    }

    private static string Name(string path) => path.Length == 0 ? "request" : path;
}
