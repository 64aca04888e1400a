using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>A money value of a custom field: amount and ISO 4217 currency.</summary>
public sealed record CustomMoney(decimal Amount, string Currency);

/// <summary>
/// The custom-field values of a module's records: validation of input (type, required, unique, retired), staging of the
/// value rows in the record's own SaveChanges (nothing half-written), reading them back as JSON-ready values, and the
/// list filter and sort on them. Errors are keyed <c>custom.&lt;key&gt;</c> (ADR 0121).
/// </summary>
public sealed class CustomFieldValues(IServiceProvider services, IOptions<MoneyOptions> money)
{
    /// <summary>The prefix of a custom field in list filters (<c>?cf.key=…</c>), sorts (<c>sort=cf.key</c>) and CSV columns.</summary>
    public const string Prefix = "cf.";

    /// <summary>The field-error key of a custom field in problem details.</summary>
    public static string ErrorKey(string key) => "custom." + key;

    public static Task<List<CustomFieldDefinition>> DefinitionsAsync(ModuleDbContext db, string entityType, bool includeRetired, CancellationToken cancellationToken) =>
        db.Set<CustomFieldDefinition>().AsNoTracking()
            .Where(d => d.EntityType == entityType && (includeRetired || !d.Retired))
            .OrderBy(d => d.Order).ThenBy(d => d.Key)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Validates <paramref name="input"/> (field key → JSON value; null or an empty string clears a field) and stages the
    /// value rows of <paramref name="recordId"/> in <paramref name="db"/>, to be written by the caller's SaveChanges with
    /// the record. Throws a <see cref="ValidationException"/> with <c>custom.&lt;key&gt;</c> errors, or a 422 for a value
    /// another record already holds in a unique field. On create every required field must be given; on update only the
    /// keys sent change.
    /// </summary>
    public async Task SetAsync(ModuleDbContext db, string entityType, Guid recordId, IReadOnlyDictionary<string, JsonElement>? input, bool creating, CancellationToken cancellationToken)
    {
        var definitions = await DefinitionsAsync(db, entityType, includeRetired: true, cancellationToken);
        var parsed = await ParseAsync(definitions, input, creating, cancellationToken);
        if (parsed.Errors.Count > 0)
        {
            throw new ValidationException(parsed.Errors);
        }

        await EnsureUniqueAsync(db, entityType, recordId, parsed.Values, cancellationToken);
        await StageAsync(db, entityType, recordId, parsed.Values, creating, cancellationToken);
    }

    /// <summary>The parsed values of one input (per key: the rows' values, none to clear) and the field errors.</summary>
    public sealed record ParseResult(IReadOnlyDictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>> Values, List<ValidationFailure> Errors);

    /// <summary>Validates and parses without touching storage (also what a CSV import checks each row with).</summary>
    public async Task<ParseResult> ParseAsync(IReadOnlyList<CustomFieldDefinition> definitions, IReadOnlyDictionary<string, JsonElement>? input, bool creating, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationFailure>();
        var values = new Dictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>>();
        var byKey = definitions.ToDictionary(d => d.Key, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, element) in input ?? new Dictionary<string, JsonElement>())
        {
            if (!byKey.TryGetValue(key, out var definition))
            {
                errors.Add(Failure(key, ServerText.Translate($"There is no custom field '{key}'.")));
                continue;
            }

            if (definition.Retired)
            {
                errors.Add(Failure(definition.Key, ServerText.Translate($"The field '{definition.LabelEnglish}' is retired and takes no new values.")));
                continue;
            }

            var (rows, error) = await ParseValueAsync(definition, element, cancellationToken);
            if (error is not null)
            {
                errors.Add(Failure(definition.Key, error));
                continue;
            }

            if (rows.Count == 0 && definition.Required)
            {
                errors.Add(Failure(definition.Key, ServerText.Translate($"{definition.LabelFor(CultureInfo.CurrentUICulture)} is required.")));
                continue;
            }

            values[definition] = rows;
        }

        if (creating)
        {
            foreach (var definition in definitions.Where(d => d.Required && !d.Retired && !values.ContainsKey(d)))
            {
                if (errors.All(e => e.PropertyName != ErrorKey(definition.Key)))
                {
                    errors.Add(Failure(definition.Key, ServerText.Translate($"{definition.LabelFor(CultureInfo.CurrentUICulture)} is required.")));
                }
            }
        }

        return new ParseResult(values, errors);
    }

    private static ValidationFailure Failure(string key, string message) => new(ErrorKey(key), message);

    private async Task EnsureUniqueAsync(
        ModuleDbContext db, string entityType, Guid recordId, IReadOnlyDictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>> values, CancellationToken cancellationToken)
    {
        foreach (var (definition, rows) in values.Where(v => v.Key.Unique && v.Value.Count > 0))
        {
            var uniqueKey = rows[0].UniqueKey;
            if (await db.Set<CustomFieldValue>().AnyAsync(
                    v => v.EntityType == entityType && v.FieldKey == definition.Key && v.UniqueKey == uniqueKey && v.RecordId != recordId, cancellationToken))
            {
                throw new BusinessRuleException($"Another record already has this value in '{definition.LabelEnglish}'.", ErrorKey(definition.Key));
            }
        }
    }

    private static async Task StageAsync(
        ModuleDbContext db, string entityType, Guid recordId, IReadOnlyDictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>> values, bool creating, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return;
        }

        var set = db.Set<CustomFieldValue>();
        var keys = values.Keys.Select(d => d.Key).ToList();
        var stored = creating
            ? []
            : await set.Where(v => v.EntityType == entityType && v.RecordId == recordId && keys.Contains(v.FieldKey)).ToListAsync(cancellationToken);
        foreach (var (definition, rows) in values)
        {
            var old = stored.Where(v => v.FieldKey == definition.Key).ToDictionary(v => v.Seq);
            foreach (var (seq, row) in rows.Index())
            {
                if (old.Remove(seq, out var existing))
                {
                    // Updated in place, so the audit log shows the value before and after rather than a delete and an insert.
                    existing.Text = row.Text;
                    existing.LongText = row.LongText;
                    existing.Number = row.Number;
                    existing.Date = row.Date;
                    existing.UniqueKey = row.UniqueKey;
                }
                else
                {
                    row.EntityType = entityType;
                    row.RecordId = recordId;
                    row.FieldKey = definition.Key;
                    row.Seq = seq;
                    set.Add(row);
                }
            }

            set.RemoveRange(old.Values);
        }
    }

    /// <summary>
    /// The parsed values of a new record as rows to insert (a bulk import writes them with
    /// <see cref="ModuleDbContext.BulkInsertAsync{TEntity}"/> in its own transaction).
    /// </summary>
    public static IEnumerable<CustomFieldValue> NewRows(string entityType, Guid recordId, IReadOnlyDictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>> values) =>
        values.SelectMany(field => field.Value.Select((row, seq) => new CustomFieldValue
        {
            EntityType = entityType,
            RecordId = recordId,
            FieldKey = field.Key.Key,
            Seq = seq,
            Text = row.Text,
            LongText = row.LongText,
            Number = row.Number,
            Date = row.Date,
            UniqueKey = row.UniqueKey,
        }));

    /// <summary>Which of <paramref name="uniqueKeys"/> a stored record already holds in the unique field <paramref name="fieldKey"/>.</summary>
    public static async Task<IReadOnlySet<string>> TakenAsync(ModuleDbContext db, string entityType, string fieldKey, IReadOnlyCollection<string> uniqueKeys, CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in uniqueKeys.Distinct().Chunk(500))
        {
            taken.UnionWith(await db.Set<CustomFieldValue>().AsNoTracking()
                .Where(v => v.EntityType == entityType && v.FieldKey == fieldKey && v.UniqueKey != null && chunk.Contains(v.UniqueKey))
                .Select(v => v.UniqueKey!).ToListAsync(cancellationToken));
        }

        return taken;
    }

    /// <summary>The values of one record, keyed by field key (retired fields included: their data is kept).</summary>
    public async Task<IReadOnlyDictionary<string, object?>> ReadAsync(ModuleDbContext db, string entityType, Guid recordId, CancellationToken cancellationToken) =>
        (await ReadManyAsync(db, entityType, [recordId], cancellationToken)).GetValueOrDefault(recordId) ?? new Dictionary<string, object?>();

    /// <summary>The values of many records (a list page, an export batch), in one query.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, object?>>> ReadManyAsync(
        ModuleDbContext db, string entityType, IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken)
    {
        var definitions = (await DefinitionsAsync(db, entityType, includeRetired: true, cancellationToken)).ToDictionary(d => d.Key);
        var result = new Dictionary<Guid, IReadOnlyDictionary<string, object?>>();
        if (definitions.Count == 0 || recordIds.Count == 0)
        {
            return result;
        }

        var rows = new List<CustomFieldValue>();
        foreach (var chunk in recordIds.Distinct().Chunk(500))
        {
            rows.AddRange(await db.Set<CustomFieldValue>().AsNoTracking()
                .Where(v => v.EntityType == entityType && chunk.Contains(v.RecordId)).ToListAsync(cancellationToken));
        }

        foreach (var record in rows.GroupBy(r => r.RecordId))
        {
            var values = new Dictionary<string, object?>();
            foreach (var field in record.GroupBy(r => r.FieldKey))
            {
                if (definitions.TryGetValue(field.Key, out var definition))
                {
                    values[definition.Key] = ToValue(definition, field.OrderBy(r => r.Seq).ToList());
                }
            }

            result[record.Key] = values;
        }

        return result;
    }

    /// <summary>A stored value as the API shows it.</summary>
    public static object? ToValue(CustomFieldDefinition definition, IReadOnlyList<CustomFieldValue> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var row = rows[0];
        return definition.Type switch
        {
            CustomFieldType.LongText => row.LongText,
            CustomFieldType.Number => row.Number is { } number ? Trimmed(number) : null,
            CustomFieldType.Money => row.Number is { } amount ? new CustomMoney(Trimmed(amount), row.Text ?? "") : null,
            CustomFieldType.Date => row.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CustomFieldType.DateTime => row.Date,
            CustomFieldType.MultipleChoice => rows.Select(r => r.Text ?? "").ToArray(),
            CustomFieldType.Person or CustomFieldType.Unit => Guid.TryParse(row.Text, out var id) ? id : null,
            CustomFieldType.YesNo => row.Number is { } n ? n != 0 : null,
            _ => row.Text,
        };
    }

    /// <summary>
    /// Without the trailing zeros of the column's scale: PostgreSQL and SQL Server give 100.5 back as 100.5000 (numeric(19,4)),
    /// SQLite's scaled integer as 100.5, and the API and the CSV answer the same on every provider.
    /// </summary>
    private static decimal Trimmed(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>A value as one CSV cell (the same text an import reads back).</summary>
    public static string ToCell(object? value) => value switch
    {
        null => "",
        CustomMoney m => $"{m.Amount.ToString(CultureInfo.InvariantCulture)} {m.Currency}",
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string[] codes => string.Join(';', codes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private async Task<(IReadOnlyList<CustomFieldValue> Rows, string? Error)> ParseValueAsync(CustomFieldDefinition definition, JsonElement element, CancellationToken cancellationToken)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            || (element.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.GetString()))
            || (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 0))
        {
            return ([], null);
        }

        var label = definition.LabelFor(CultureInfo.CurrentUICulture);
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim() : element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? element.GetRawText() : null;
        switch (definition.Type)
        {
            case CustomFieldType.Text:
                if (text is null || text.Length > CustomFieldLimits.TextLength || text.Any(char.IsControl))
                {
                    return ([], ServerText.Translate($"{label} must be a single line of at most {CustomFieldLimits.TextLength} characters."));
                }

                return One(new CustomFieldValue { Text = text }, definition, text.ToUpperInvariant());

            case CustomFieldType.LongText:
                if (text is null || text.Length > CustomFieldLimits.LongTextLength)
                {
                    return ([], ServerText.Translate($"{label} must be text of at most {CustomFieldLimits.LongTextLength} characters."));
                }

                return One(new CustomFieldValue { LongText = text }, definition, null);

            case CustomFieldType.Number:
                if (!TryNumber(element, text, out var number) || Math.Abs(number) >= 100_000_000_000m || decimal.Round(number, ModuleDbContext.MoneyScale) != number)
                {
                    return ([], ServerText.Translate($"{label} must be a number below 100,000,000,000 with at most 4 decimals."));
                }

                return One(new CustomFieldValue { Number = number }, definition, number.ToString(CultureInfo.InvariantCulture));

            case CustomFieldType.Money:
                if (!TryMoney(element, text, money.Value.CompanyCurrency, out var amount, out var currency)
                    || Math.Abs(amount) >= 100_000_000_000m || decimal.Round(amount, 2) != amount || !Currencies.IsKnown(currency))
                {
                    return ([], ServerText.Translate($"{label} must be an amount with at most 2 decimals and a known currency, e.g. 1200.50 CNY."));
                }

                return One(new CustomFieldValue { Number = amount, Text = currency }, definition, $"{amount.ToString(CultureInfo.InvariantCulture)} {currency}");

            case CustomFieldType.Date:
                if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return ([], ServerText.Translate($"{label} must be a date such as 2026-03-31."));
                }

                var day = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                return One(new CustomFieldValue { Date = day }, definition, text);

            case CustomFieldType.DateTime:
                if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    return ([], ServerText.Translate($"{label} must be a date and time such as 2026-03-31T09:30:00Z."));
                }

                var utc = at.UtcDateTime;
                return One(new CustomFieldValue { Date = utc }, definition, utc.ToString("O", CultureInfo.InvariantCulture));

            case CustomFieldType.YesNo:
                bool? flag = element.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => text?.ToLowerInvariant() switch
                    {
                        "true" or "yes" or "1" or "是" => true,
                        "false" or "no" or "0" or "否" => false,
                        _ => null,
                    },
                };
                return flag is null
                    ? ([], ServerText.Translate($"{label} must be yes or no (true or false)."))
                    : One(new CustomFieldValue { Number = flag.Value ? 1 : 0 }, definition, null);

            case CustomFieldType.Person:
            {
                if (text is null || !Guid.TryParse(text, out var person) || person == Guid.Empty)
                {
                    return ([], ServerText.Translate($"{label} must be the id of a person."));
                }

                var directory = services.GetService<IStaffDirectory>();
                if (directory is not null && await directory.FindAsync(person, cancellationToken) is null)
                {
                    return ([], ServerText.Translate($"{label}: there is no person with this id."));
                }

                return One(new CustomFieldValue { Text = person.ToString() }, definition, person.ToString());
            }

            case CustomFieldType.Unit:
            {
                if (text is null || !Guid.TryParse(text, out var unit) || unit == Guid.Empty)
                {
                    return ([], ServerText.Translate($"{label} must be the id of a unit."));
                }

                var organisation = services.GetService<IOrganisation>();
                if (organisation is not null && (await organisation.UnitsAsync(cancellationToken)).All(u => u.Id != unit))
                {
                    return ([], ServerText.Translate($"{label}: there is no unit with this id."));
                }

                return One(new CustomFieldValue { Text = unit.ToString() }, definition, unit.ToString());
            }

            case CustomFieldType.SingleChoice:
            case CustomFieldType.MultipleChoice:
            {
                var codes = element.ValueKind == JsonValueKind.Array
                    ? element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()?.Trim() : null).ToList()
                    : (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => (string?)c).ToList();
                if (codes.Any(c => string.IsNullOrEmpty(c)) || codes.Count == 0
                    || (definition.Type == CustomFieldType.SingleChoice && codes.Count != 1) || codes.Count > CustomFieldLimits.MaxChoices)
                {
                    return ([], definition.Type == CustomFieldType.SingleChoice
                        ? ServerText.Translate($"{label} takes one code of its list.")
                        : ServerText.Translate($"{label} takes a list of codes of its list."));
                }

                var dictionaries = services.GetService<IDictionaries>();
                var rows = new List<CustomFieldValue>();
                foreach (var code in codes.Distinct(StringComparer.Ordinal))
                {
                    var entry = dictionaries is null ? null : await dictionaries.FindAsync(definition.DictionaryKey ?? "", code!, cancellationToken);
                    if (entry is null || entry.Retired)
                    {
                        return ([], ServerText.Translate($"{label}: '{code}' is not a code of its list."));
                    }

                    rows.Add(new CustomFieldValue { Text = entry.Code, UniqueKey = definition.Unique && rows.Count == 0 ? entry.Code : null });
                }

                return (rows, null);
            }

            default:
                return ([], ServerText.Translate($"{label} cannot be set."));
        }
    }

    private static (IReadOnlyList<CustomFieldValue>, string?) One(CustomFieldValue value, CustomFieldDefinition definition, string? uniqueKey)
    {
        value.UniqueKey = definition.Unique ? uniqueKey : null;
        return ([value], null);
    }

    private static bool TryNumber(JsonElement element, string? text, out decimal number)
    {
        number = 0;
        return element.ValueKind == JsonValueKind.Number
            ? element.TryGetDecimal(out number)
            : text is not null && decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out number);
    }

    private static bool TryMoney(JsonElement element, string? text, string companyCurrency, out decimal amount, out string currency)
    {
        amount = 0;
        currency = companyCurrency;
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String)
            {
                currency = c.GetString()!.Trim().ToUpperInvariant();
            }

            return element.TryGetProperty("amount", out var a) && TryNumber(a, a.ValueKind == JsonValueKind.String ? a.GetString() : null, out amount);
        }

        // "1200.50 CNY", "CNY 1200.50" or a bare amount in the company currency (a CSV cell).
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var amountText = parts.FirstOrDefault(p => p.Length > 0 && (char.IsDigit(p[0]) || p[0] is '-' or '.'));
        var code = parts.FirstOrDefault(p => p != amountText);
        if (code is not null)
        {
            currency = code.ToUpperInvariant();
        }

        return parts.Length is 1 or 2 && amountText is not null
               && decimal.TryParse(amountText, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out amount);
    }
}
