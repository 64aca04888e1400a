using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Workflows.Inbox.Domain;

/// <summary>
/// A field the person fills when completing a task, as the process owner declares it on the activity (JSON):
/// <c>{"name":"discount","label":"Discount %","type":"number","required":true,"min":0,"max":50}</c>.
/// Types: text, multiline, number, date (yyyy-MM-dd), boolean, choice (one of <see cref="Options"/>), user (a user id).
/// </summary>
internal sealed record FormField(
    string Name,
    string? Label = null,
    string Type = FormFieldTypes.Text,
    bool Required = false,
    IReadOnlyList<string>? Options = null,
    decimal? Min = null,
    decimal? Max = null,
    string? Description = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal static class FormFieldTypes
{
    public const string Text = "text";
    public const string MultiLine = "multiline";
    public const string Number = "number";
    public const string Date = "date";
    public const string Boolean = "boolean";
    public const string Choice = "choice";
    public const string User = "user";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Text, MultiLine, Number, Date, Boolean, Choice, User };
}

/// <summary>Reads form definitions (from the designer) and checks submitted values against them.</summary>
internal static class TaskForm
{
    /// <summary>
    /// Parses the activity's "Form fields" input: a list of field objects (or null). Returns the problem as text when the
    /// definition itself is wrong, so the activity can fault with a message the process owner understands.
    /// </summary>
    public static IReadOnlyList<FormField> Parse(object? definition, out string? error)
    {
        error = null;
        if (definition is null || definition is string { Length: 0 })
        {
            return [];
        }

        List<FormField>? fields;
        try
        {
            var json = definition is string text ? text : JsonSerializer.Serialize(definition);
            fields = JsonSerializer.Deserialize<List<FormField>>(json, FormField.Json);
        }
        catch (JsonException e)
        {
            error = $"The form fields are not a list of fields: {e.Message}";
            return [];
        }

        fields ??= [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var type = (field.Type ?? FormFieldTypes.Text).Trim().ToLowerInvariant();
            if (string.IsNullOrWhiteSpace(field.Name))
            {
                error = $"Form field {i + 1} has no name.";
            }
            else if (!names.Add(field.Name))
            {
                error = $"Form field '{field.Name}' is declared twice.";
            }
            else if (!FormFieldTypes.All.Contains(type))
            {
                error = $"Form field '{field.Name}' has type '{field.Type}'; use one of {string.Join(", ", FormFieldTypes.All)}.";
            }
            else if (type == FormFieldTypes.Choice && (field.Options is null || field.Options.Count == 0))
            {
                error = $"Choice field '{field.Name}' lists no options.";
            }

            if (error is not null)
            {
                return [];
            }

            fields[i] = field with { Name = field.Name.Trim(), Type = type };
        }

        return fields;
    }

    /// <summary>
    /// Checks <paramref name="data"/> against <paramref name="fields"/> and returns the normalised values (numbers as
    /// decimals, dates as yyyy-MM-dd, booleans, user ids). Errors are keyed "formData.&lt;field&gt;".
    /// <paramref name="requireAll"/> is false for a delegate's draft, which may leave required fields empty.
    /// </summary>
    public static Dictionary<string, object?> Validate(
        IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, JsonElement>? data, bool requireAll, Dictionary<string, List<string>> errors)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var key in data?.Keys ?? [])
        {
            if (!byName.ContainsKey(key))
            {
                Add(errors, key, fields.Count == 0 ? "This task has no form fields." : $"'{key}' is not a field of this task's form.");
            }
        }

        foreach (var field in fields)
        {
            var present = data is not null && data.TryGetValue(field.Name, out var raw) && !IsEmpty(raw);
            if (!present)
            {
                if (field.Required && requireAll)
                {
                    Add(errors, field.Name, $"{field.Label ?? field.Name} is required.");
                }

                continue;
            }

            var element = data![field.Name];
            var value = Convert(field, element, out var problem);
            if (problem is not null)
            {
                Add(errors, field.Name, problem);
                continue;
            }

            values[field.Name] = value;
        }

        return values;
    }

    /// <summary>
    /// Adds an error for every user field whose (well-formed) id names nobody: <paramref name="exists"/> asks the staff
    /// directory. Run after <see cref="Validate"/>, on the values it returned.
    /// </summary>
    public static async Task CheckUsersAsync(
        IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, object?> values, Func<Guid, Task<bool>> exists, Dictionary<string, List<string>> errors)
    {
        foreach (var field in fields.Where(f => f.Type == FormFieldTypes.User))
        {
            if (values.TryGetValue(field.Name, out var value) && value is string text && Guid.TryParse(text, out var id) && !await exists(id))
            {
                Add(errors, field.Name, $"{field.Label ?? field.Name}: there is no user with the id {id}.");
            }
        }
    }

    private static object? Convert(FormField field, JsonElement element, out string? problem)
    {
        problem = null;
        var label = field.Label ?? field.Name;
        switch (field.Type)
        {
            case FormFieldTypes.Number:
                decimal number;
                if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var n))
                {
                    number = n;
                }
                else if (element.ValueKind == JsonValueKind.String && decimal.TryParse(element.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                {
                    number = parsed;
                }
                else
                {
                    problem = $"{label} must be a number.";
                    return null;
                }

                if (field.Min is { } min && number < min)
                {
                    problem = $"{label} must be at least {min.ToString(CultureInfo.InvariantCulture)}.";
                }
                else if (field.Max is { } max && number > max)
                {
                    problem = $"{label} must be at most {max.ToString(CultureInfo.InvariantCulture)}.";
                }

                return number;

            case FormFieldTypes.Boolean:
                if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return element.GetBoolean();
                }

                if (element.ValueKind == JsonValueKind.String && bool.TryParse(element.GetString(), out var flag))
                {
                    return flag;
                }

                problem = $"{label} must be true or false.";
                return null;

            case FormFieldTypes.Date:
                if (element.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }

                problem = $"{label} must be a date (yyyy-MM-dd).";
                return null;

            case FormFieldTypes.User:
                if (element.ValueKind == JsonValueKind.String && Guid.TryParse(element.GetString(), out var user))
                {
                    return user.ToString();
                }

                problem = $"{label} must be a user id.";
                return null;

            default:
                if (element.ValueKind != JsonValueKind.String)
                {
                    problem = $"{label} must be text.";
                    return null;
                }

                var text = element.GetString()!.Trim();
                if (field.Type == FormFieldTypes.Choice && !(field.Options ?? []).Contains(text, StringComparer.Ordinal))
                {
                    problem = $"{label} must be one of: {string.Join(", ", field.Options ?? [])}.";
                    return null;
                }

                if (text.Length > 4000)
                {
                    problem = $"{label} is longer than 4000 characters.";
                    return null;
                }

                return text;
        }
    }

    private static bool IsEmpty(JsonElement element) =>
        element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (element.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.GetString()));

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        var key = $"formData.{field}";
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }
}
