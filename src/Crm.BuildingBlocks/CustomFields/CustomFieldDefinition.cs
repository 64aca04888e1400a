using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Records;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>The kinds of value a custom field holds; each maps to one typed column of <see cref="CustomFieldValue"/> (ADR 0120).</summary>
public enum CustomFieldType
{
    Text,
    LongText,
    Number,
    Money,
    Date,
    DateTime,
    SingleChoice,
    MultipleChoice,
    Person,
    Unit,
    YesNo,
}

/// <summary>
/// A field an administrator added to one entity type (account, lead, …). Its <see cref="Key"/> and <see cref="Type"/> never
/// change once created, so relabelling, reordering or retiring it touches no stored value (ADR 0120).
/// </summary>
public sealed class CustomFieldDefinition : AuditedRecord, IAuditable
{
    private CustomFieldDefinition()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The record type the field belongs to, as registered by its module (e.g. "account").</summary>
    public string EntityType { get; private set; } = "";

    /// <summary>Stable key: the JSON property under <c>customFields</c>, the CSV column <c>cf.key</c> and the list filter <c>cf.key</c>.</summary>
    public string Key { get; private set; } = "";

    public CustomFieldType Type { get; private set; }

    public string LabelEnglish { get; private set; } = "";

    public string LabelChinese { get; private set; } = "";

    public string? HelpText { get; private set; }

    public bool Required { get; private set; }

    /// <summary>No two records of the entity type hold the same value; set at creation only (ADR 0120).</summary>
    public bool Unique { get; private set; }

    /// <summary>The dictionary a choice field takes its codes from (<see cref="Crm.BuildingBlocks.PublicApi.IDictionaries"/>).</summary>
    public string? DictionaryKey { get; private set; }

    public int Order { get; private set; }

    /// <summary>A retired field keeps its values (still read and exported) but no longer takes new input.</summary>
    public bool Retired { get; private set; }

    Guid IAuditable.AuditSubjectId => Id;

    public string LabelFor(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" && LabelChinese.Length > 0 ? LabelChinese : LabelEnglish;

    public bool IsChoice => Type is CustomFieldType.SingleChoice or CustomFieldType.MultipleChoice;

    public static CustomFieldDefinition Create(
        string entityType, string key, CustomFieldType type, CustomFieldLabels labels, bool unique, string? dictionaryKey, int order, string by, DateTime nowUtc)
    {
        var definition = new CustomFieldDefinition
        {
            Id = Guid.NewGuid(),
            EntityType = entityType,
            Key = key,
            Type = type,
            Unique = unique,
            DictionaryKey = dictionaryKey,
            Order = order,
        };
        definition.Apply(labels);
        definition.StampCreated(by, nowUtc);
        return definition;
    }

    public void Change(CustomFieldLabels labels, string by, DateTime nowUtc)
    {
        Apply(labels);
        Touch(by, nowUtc);
    }

    public void MoveTo(int order, string by, DateTime nowUtc)
    {
        if (Order != order)
        {
            Order = order;
            Touch(by, nowUtc);
        }
    }

    public void Retire(bool retired, string by, DateTime nowUtc)
    {
        if (Retired != retired)
        {
            Retired = retired;
            Touch(by, nowUtc);
        }
    }

    private void Apply(CustomFieldLabels labels)
    {
        LabelEnglish = labels.LabelEnglish.Trim();
        LabelChinese = labels.LabelChinese?.Trim() ?? "";
        HelpText = string.IsNullOrWhiteSpace(labels.HelpText) ? null : labels.HelpText.Trim();
        Required = labels.Required;
    }
}

/// <summary>What an administrator may change on an existing field: labels, help text and whether it is required.</summary>
public sealed record CustomFieldLabels(string LabelEnglish, string? LabelChinese, string? HelpText, bool Required);

/// <summary>
/// One stored value of a custom field on one record: a row per (entity type, record, field), one per chosen code for a
/// multiple choice (<see cref="Seq"/>). The value sits in the typed column its field's type uses, so filters and sorts
/// compare numbers as numbers and dates as dates through the indexes (ADR 0120).
/// </summary>
public sealed class CustomFieldValue : IAuditable
{
    public string EntityType { get; set; } = "";

    public Guid RecordId { get; set; }

    public string FieldKey { get; set; } = "";

    /// <summary>0 for single values; 0..n-1 for the codes of a multiple choice.</summary>
    public int Seq { get; set; }

    /// <summary>Text, choice code, person or unit id, or a money amount's currency.</summary>
    public string? Text { get; set; }

    /// <summary>Long text: kept out of the indexed <see cref="Text"/> column.</summary>
    public string? LongText { get; set; }

    /// <summary>Number, money amount, or yes/no as 1/0.</summary>
    public decimal? Number { get; set; }

    /// <summary>Date (midnight UTC) or date-time (UTC).</summary>
    public DateTime? Date { get; set; }

    /// <summary>The normalised value of a unique field; a unique index on it makes the second of two racing writes fail.</summary>
    public string? UniqueKey { get; set; }

    Guid IAuditable.AuditSubjectId => RecordId;
}
