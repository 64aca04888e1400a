using System.Text;
using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>A field definition as the API answers it.</summary>
public sealed record CustomFieldResponse(
    Guid Id, string EntityType, string Key, CustomFieldType Type, string LabelEnglish, string LabelChinese, string? HelpText,
    bool Required, bool Unique, string? DictionaryKey, int Order, bool Retired, long Version) : IVersioned
{
    /// <summary>The label in the reader's language: Chinese for a zh culture when it has one, English otherwise.</summary>
    public string LabelFor(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" && LabelChinese.Length > 0 ? LabelChinese : LabelEnglish;

    public static CustomFieldResponse From(CustomFieldDefinition d) => new(
        d.Id, d.EntityType, d.Key, d.Type, d.LabelEnglish, d.LabelChinese, d.HelpText, d.Required, d.Unique, d.DictionaryKey, d.Order, d.Retired, d.Version);
}

/// <summary>The body of "add a field"; <see cref="Key"/> is generated from the English label when left out.</summary>
public sealed record AddCustomFieldRequest(
    string? Key, CustomFieldType? Type, string? LabelEnglish, string? LabelChinese, string? HelpText, bool Required, bool Unique, string? DictionaryKey);

/// <summary>The body of "change a field": labels, help text, required (the key, type and uniqueness never change).</summary>
public sealed record ChangeCustomFieldRequest(string? LabelEnglish, string? LabelChinese, string? HelpText, bool Required, long? Version);

/// <summary>The body of "reorder": every active field's key in the new order.</summary>
public sealed record ReorderCustomFieldsRequest(IReadOnlyList<string>? Keys);

/// <summary>An entity type that takes custom fields, for the administration page.</summary>
public sealed record CustomFieldEntityResponse(string EntityType, string Module);

/// <summary>
/// Adding, changing, reordering and retiring custom fields of any registered entity type, in the storage of the module
/// that owns it. No change here rewrites a stored value: keys and types are fixed once created (ADR 0120).
/// </summary>
public sealed partial class CustomFieldAdministration(IServiceProvider services, ICurrentUser user, TimeProvider clock)
{
    private static readonly CustomFieldType[] UniqueTypes =
        [CustomFieldType.Text, CustomFieldType.Number, CustomFieldType.Date, CustomFieldType.DateTime, CustomFieldType.SingleChoice, CustomFieldType.Person, CustomFieldType.Unit];

    public IReadOnlyList<CustomFieldEntityResponse> Entities() =>
        services.GetServices<CustomFieldEntity>().Select(e => new CustomFieldEntityResponse(e.EntityType, e.Module)).ToList();

    public async Task<IReadOnlyList<CustomFieldResponse>> ListAsync(string entityType, bool includeRetired, CancellationToken cancellationToken) =>
        (await CustomFieldValues.DefinitionsAsync(Storage(entityType), entityType, includeRetired, cancellationToken)).Select(CustomFieldResponse.From).ToList();

    public async Task<CustomFieldResponse> AddAsync(string entityType, AddCustomFieldRequest request, CancellationToken cancellationToken)
    {
        var db = Storage(entityType);
        var errors = new List<ValidationFailure>();
        ValidateLabels(request.LabelEnglish, request.LabelChinese, request.HelpText, errors);
        if (request.Type is null || !Enum.IsDefined(request.Type.Value))
        {
            errors.Add(new ValidationFailure("type", ServerText.Translate($"Type must be one of {string.Join(", ", Enum.GetNames<CustomFieldType>())}.")));
        }

        var key = string.IsNullOrWhiteSpace(request.Key) ? KeyFrom(request.LabelEnglish) : request.Key.Trim();
        if (!KeyPattern().IsMatch(key))
        {
            errors.Add(new ValidationFailure("key", ServerText.Translate("The key is 1 to 60 lower-case letters, digits or underscores and starts with a letter.")));
        }

        if (request.Unique && request.Type is { } t && !UniqueTypes.Contains(t))
        {
            errors.Add(new ValidationFailure("unique", ServerText.Translate("Only text, number, date, date-time, single choice, person and unit fields can be unique.")));
        }

        var isChoice = request.Type is CustomFieldType.SingleChoice or CustomFieldType.MultipleChoice;
        if (isChoice && string.IsNullOrWhiteSpace(request.DictionaryKey))
        {
            errors.Add(new ValidationFailure("dictionaryKey", ServerText.Translate("A choice field needs the dictionary its values come from.")));
        }
        else if (isChoice)
        {
            var dictionaries = services.GetService<IDictionaries>();
            if (dictionaries is null || (await dictionaries.EntriesAsync(request.DictionaryKey!.Trim(), includeRetired: true, cancellationToken)).Count == 0)
            {
                errors.Add(new ValidationFailure("dictionaryKey", ServerText.Translate($"There is no dictionary '{request.DictionaryKey}'.")));
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.DictionaryKey))
        {
            errors.Add(new ValidationFailure("dictionaryKey", ServerText.Translate("Only choice fields take a dictionary.")));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var set = db.Set<CustomFieldDefinition>();
        var existing = await set.Where(d => d.EntityType == entityType).Select(d => new { d.Key, d.Order }).ToListAsync(cancellationToken);
        if (existing.Any(d => d.Key == key))
        {
            throw new BusinessRuleException($"The key '{key}' is already used by another field; give another key.", "key");
        }

        if (existing.Count >= CustomFieldLimits.MaxFieldsPerEntity)
        {
            throw new BusinessRuleException($"At most {CustomFieldLimits.MaxFieldsPerEntity} custom fields per record type.");
        }

        var definition = CustomFieldDefinition.Create(
            entityType, key, request.Type!.Value, new CustomFieldLabels(request.LabelEnglish!, request.LabelChinese, request.HelpText, request.Required),
            request.Unique, isChoice ? request.DictionaryKey!.Trim() : null, existing.Count == 0 ? 1 : existing.Max(d => d.Order) + 1, user.Id, clock.GetUtcNow().UtcDateTime);
        set.Add(definition);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two administrators adding the same key at once: the unique index stops the second.
            throw new BusinessRuleException($"The key '{key}' is already used by another field; give another key.", "key");
        }

        return CustomFieldResponse.From(definition);
    }

    public async Task<CustomFieldResponse> ChangeAsync(string entityType, string key, ChangeCustomFieldRequest request, long? expectedVersion, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationFailure>();
        ValidateLabels(request.LabelEnglish, request.LabelChinese, request.HelpText, errors);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var (db, definition) = await LoadAsync(entityType, key, cancellationToken);
        Versioning.EnsureCurrent("field", definition.Version, expectedVersion);
        definition.Change(new CustomFieldLabels(request.LabelEnglish!, request.LabelChinese, request.HelpText, request.Required), user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return CustomFieldResponse.From(definition);
    }

    public async Task<CustomFieldResponse> RetireAsync(string entityType, string key, bool retired, CancellationToken cancellationToken)
    {
        var (db, definition) = await LoadAsync(entityType, key, cancellationToken);
        definition.Retire(retired, user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return CustomFieldResponse.From(definition);
    }

    public async Task<IReadOnlyList<CustomFieldResponse>> ReorderAsync(string entityType, ReorderCustomFieldsRequest request, CancellationToken cancellationToken)
    {
        var db = Storage(entityType);
        var definitions = await db.Set<CustomFieldDefinition>().Where(d => d.EntityType == entityType).ToListAsync(cancellationToken);
        var keys = request.Keys ?? [];
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count || keys.Any(k => definitions.All(d => d.Key != k)))
        {
            throw new ValidationException([new ValidationFailure("keys", ServerText.Translate("List each field's key once, and only keys of this record type."))]);
        }

        // The fields listed come first in the order given; the others (retired ones, say) keep their relative order after them.
        var ordered = keys.Select(k => definitions.Single(d => d.Key == k))
            .Concat(definitions.Where(d => !keys.Contains(d.Key)).OrderBy(d => d.Order).ThenBy(d => d.Key));
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (index, definition) in ordered.Index())
        {
            definition.MoveTo(index + 1, user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return definitions.OrderBy(d => d.Order).Select(CustomFieldResponse.From).ToList();
    }

    private async Task<(ModuleDbContext Db, CustomFieldDefinition Definition)> LoadAsync(string entityType, string key, CancellationToken cancellationToken)
    {
        var db = Storage(entityType);
        var definition = await db.Set<CustomFieldDefinition>().FirstOrDefaultAsync(d => d.EntityType == entityType && d.Key == key, cancellationToken)
                         ?? throw new NotFoundException($"There is no custom field '{key}'.");
        return (db, definition);
    }

    /// <summary>The storage of the module that registered <paramref name="entityType"/> (404 when none did, or it is off).</summary>
    private ModuleDbContext Storage(string entityType)
    {
        var entity = services.GetServices<CustomFieldEntity>().FirstOrDefault(e => e.EntityType == entityType)
                     ?? throw new NotFoundException($"No enabled module has records of type '{entityType}' that take custom fields.");
        return (ModuleDbContext)services.GetRequiredService(entity.ContextType);
    }

    private static void ValidateLabels(string? english, string? chinese, string? helpText, List<ValidationFailure> errors)
    {
        if (string.IsNullOrWhiteSpace(english) || english.Trim().Length > CustomFieldLimits.LabelLength || english.Any(char.IsControl))
        {
            errors.Add(new ValidationFailure("labelEnglish", ServerText.Translate("The English label is required: one line of at most 100 characters.")));
        }

        if (chinese is not null && (chinese.Trim().Length > CustomFieldLimits.LabelLength || chinese.Any(char.IsControl)))
        {
            errors.Add(new ValidationFailure("labelChinese", ServerText.Translate("The Chinese label is one line of at most 100 characters.")));
        }

        if (helpText is not null && helpText.Trim().Length > CustomFieldLimits.HelpTextLength)
        {
            errors.Add(new ValidationFailure("helpText", ServerText.Translate("The help text has at most 500 characters.")));
        }
    }

    /// <summary>"Contract end date" → "contract_end_date": letters and digits of the English label, lower case.</summary>
    internal static string KeyFrom(string? label)
    {
        var key = new StringBuilder();
        foreach (var c in (label ?? "").Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                key.Append(c);
            }
            else if (key.Length > 0 && key[^1] != '_')
            {
                key.Append('_');
            }
        }

        var text = key.ToString().Trim('_');
        if (text.Length == 0 || !char.IsAsciiLetterLower(text[0]))
        {
            text = "field_" + text;
        }

        return text.Length > CustomFieldLimits.KeyLength ? text[..CustomFieldLimits.KeyLength].TrimEnd('_') : text.TrimEnd('_');
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,59}$")]
    private static partial Regex KeyPattern();
}
