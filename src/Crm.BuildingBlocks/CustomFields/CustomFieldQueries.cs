using System.Globalization;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>
/// List filters (<c>?cf.key=value</c>, ranges as <c>from..to</c>) and sorts (<c>sort=cf.key</c>) on custom fields, as
/// parts of the list's one SQL query: an EXISTS / correlated lookup on the value table that its
/// (entity type, field, value, record) indexes answer (ADR 0120). The record's key must be a Guid property named Id.
/// </summary>
public static class CustomFieldQueries
{
    /// <summary>The <c>cf.*</c> query-string entries of a list request (key without the prefix → raw value).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FiltersOf(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query) =>
        query.Where(q => q.Key.StartsWith(CustomFieldValues.Prefix, StringComparison.OrdinalIgnoreCase) && q.Key.Length > CustomFieldValues.Prefix.Length)
            .Select(q => new KeyValuePair<string, string>(q.Key[CustomFieldValues.Prefix.Length..], q.Value.ToString()))
            .ToList();

    /// <summary>Whether a list's sort names a custom field.</summary>
    public static bool IsCustomSort(string? sort) =>
        sort is not null && sort.Trim().StartsWith(CustomFieldValues.Prefix, StringComparison.OrdinalIgnoreCase) && sort.Trim().Length > CustomFieldValues.Prefix.Length;

    /// <summary>Applies the filters; an unknown field or a value of the wrong type is a 400 with a <c>cf.key</c> error.</summary>
    public static async Task<IQueryable<T>> FilterAsync<T>(
        this IQueryable<T> query, ModuleDbContext db, string entityType, IReadOnlyList<KeyValuePair<string, string>> filters, CancellationToken cancellationToken)
        where T : class
    {
        if (filters.Count == 0)
        {
            return query;
        }

        var definitions = (await CustomFieldValues.DefinitionsAsync(db, entityType, includeRetired: true, cancellationToken))
            .ToDictionary(d => d.Key, StringComparer.OrdinalIgnoreCase);
        var errors = new List<ValidationFailure>();
        foreach (var (key, raw) in filters)
        {
            if (!definitions.TryGetValue(key, out var definition))
            {
                errors.Add(new ValidationFailure(CustomFieldValues.Prefix + key, ServerText.Translate($"There is no custom field '{key}'.")));
                continue;
            }

            var filtered = Filter(query, db, definition, raw.Trim());
            if (filtered is null)
            {
                errors.Add(new ValidationFailure(CustomFieldValues.Prefix + key,
                    ServerText.Translate($"'{raw}' is not a filter value of {definition.LabelFor(CultureInfo.CurrentUICulture)}.")));
                continue;
            }

            query = filtered;
        }

        return errors.Count > 0 ? throw new ValidationException(errors) : query;
    }

    private static IQueryable<T>? Filter<T>(IQueryable<T> query, ModuleDbContext db, CustomFieldDefinition definition, string raw)
        where T : class
    {
        var values = db.Set<CustomFieldValue>().Where(v => v.EntityType == definition.EntityType && v.FieldKey == definition.Key);
        switch (definition.Type)
        {
            case CustomFieldType.Text:
            case CustomFieldType.SingleChoice:
            case CustomFieldType.MultipleChoice:
            case CustomFieldType.Person:
            case CustomFieldType.Unit:
            {
                var text = definition.Type is CustomFieldType.Person or CustomFieldType.Unit
                    ? Guid.TryParse(raw, out var id) ? id.ToString() : null
                    : raw;
                return string.IsNullOrEmpty(text) ? null : query.Where(r => values.Any(v => v.RecordId == EF.Property<Guid>(r, "Id") && v.Text == text));
            }

            case CustomFieldType.Number:
            case CustomFieldType.Money:
            {
                if (!TryRange<decimal>(raw, TryDecimal, out var from, out var to))
                {
                    return null;
                }

                var range = values;
                if (from is { } f)
                {
                    range = range.Where(v => v.Number >= f);
                }

                if (to is { } t)
                {
                    range = range.Where(v => v.Number <= t);
                }

                return query.Where(r => range.Any(v => v.RecordId == EF.Property<Guid>(r, "Id")));
            }

            case CustomFieldType.Date:
            case CustomFieldType.DateTime:
            {
                if (!TryRange<DateTime>(raw, TryDay, out var from, out var to))
                {
                    return null;
                }

                var range = values;
                if (from is { } f)
                {
                    range = range.Where(v => v.Date >= f);
                }

                if (to is { } t)
                {
                    // A day as the upper bound includes the whole day.
                    var end = t.AddDays(1);
                    range = range.Where(v => v.Date < end);
                }

                return query.Where(r => range.Any(v => v.RecordId == EF.Property<Guid>(r, "Id")));
            }

            case CustomFieldType.YesNo:
            {
                decimal? flag = raw.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => 1,
                    "false" or "no" or "0" => 0,
                    _ => null,
                };
                return flag is { } n ? query.Where(r => values.Any(v => v.RecordId == EF.Property<Guid>(r, "Id") && v.Number == n)) : null;
            }

            default:
                // Long text is not indexed: search it, do not filter on it.
                return null;
        }
    }

    /// <summary>
    /// Orders by a custom field (records without a value first ascending, last descending); null when the sort names no
    /// custom field. The caller adds its tie-breakers with ThenBy. An unknown field is a 400 on <c>sort</c>.
    /// </summary>
    public static async Task<IOrderedQueryable<T>?> SortAsync<T>(
        this IQueryable<T> query, ModuleDbContext db, string entityType, string? sort, bool descending, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsCustomSort(sort))
        {
            return null;
        }

        var key = sort!.Trim()[CustomFieldValues.Prefix.Length..];
        var definition = await db.Set<CustomFieldDefinition>().AsNoTracking().FirstOrDefaultAsync(d => d.EntityType == entityType && d.Key == key, cancellationToken);
        if (definition is null || definition.Type == CustomFieldType.LongText)
        {
            throw new ValidationException([new ValidationFailure("sort", ServerText.Translate($"There is no custom field '{key}' to sort on."))]);
        }

        var values = db.Set<CustomFieldValue>().Where(v => v.EntityType == entityType && v.FieldKey == definition.Key && v.Seq == 0);
        switch (definition.Type)
        {
            case CustomFieldType.Number:
            case CustomFieldType.Money:
            case CustomFieldType.YesNo:
                return descending
                    ? query.OrderByDescending(r => values.Where(v => v.RecordId == EF.Property<Guid>(r, "Id")).Select(v => v.Number).FirstOrDefault())
                    : query.OrderBy(r => values.Where(v => v.RecordId == EF.Property<Guid>(r, "Id")).Select(v => v.Number).FirstOrDefault());
            case CustomFieldType.Date:
            case CustomFieldType.DateTime:
                return descending
                    ? query.OrderByDescending(r => values.Where(v => v.RecordId == EF.Property<Guid>(r, "Id")).Select(v => v.Date).FirstOrDefault())
                    : query.OrderBy(r => values.Where(v => v.RecordId == EF.Property<Guid>(r, "Id")).Select(v => v.Date).FirstOrDefault());
            default:
                return descending
                    ? query.OrderByDescending(r => values.Where(v => v.RecordId == EF.Property<Guid>(r, "Id")).Select(v => v.Text).FirstOrDefault())
                    : query.OrderBy(r => values.Where(v => v.RecordId == EF.Property<Guid>(r, "Id")).Select(v => v.Text).FirstOrDefault());
        }
    }

    private delegate bool Parser<TValue>(string text, out TValue value);

    private static bool TryRange<TValue>(string raw, Parser<TValue> parse, out TValue? from, out TValue? to)
        where TValue : struct
    {
        from = null;
        to = null;
        var parts = raw.Split("..");
        if (parts.Length > 2 || raw.Length == 0)
        {
            return false;
        }

        if (parts.Length == 1)
        {
            if (!parse(parts[0].Trim(), out var exact))
            {
                return false;
            }

            from = exact;
            to = exact;
            return true;
        }

        if (parts[0].Trim().Length > 0)
        {
            if (!parse(parts[0].Trim(), out var f))
            {
                return false;
            }

            from = f;
        }

        if (parts[1].Trim().Length > 0)
        {
            if (!parse(parts[1].Trim(), out var t))
            {
                return false;
            }

            to = t;
        }

        return from is not null || to is not null;
    }

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    private static bool TryDay(string text, out DateTime value)
    {
        var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        value = ok ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : default;
        return ok;
    }
}
