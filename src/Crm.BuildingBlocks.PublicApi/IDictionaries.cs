namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// The editable lists (数据字典) records pick values from: industry, customer level, source channel, lost reason, and the
/// lists an implementer adds for custom choice fields. A record stores the entry's <see cref="DictionaryEntry.Code"/>,
/// which never changes once created, so renaming or translating an entry touches no record and other modules compare
/// codes, never a C# enum they compile against. A retired entry stays readable on the records that hold it but is no
/// longer offered or accepted for new values.
/// </summary>
public interface IDictionaries
{
    /// <summary>The entries of <paramref name="dictionaryKey"/> in their display order; empty for an unknown dictionary.</summary>
    Task<IReadOnlyList<DictionaryEntry>> EntriesAsync(string dictionaryKey, bool includeRetired = false, CancellationToken cancellationToken = default);

    /// <summary>The entry <paramref name="code"/> of <paramref name="dictionaryKey"/> (retired ones included), or null.</summary>
    Task<DictionaryEntry?> FindAsync(string dictionaryKey, string code, CancellationToken cancellationToken = default);
}

/// <summary>One entry of a dictionary with its label in each language the product ships.</summary>
public sealed record DictionaryEntry(string DictionaryKey, string Code, string LabelEnglish, string LabelChinese, int Order, bool Retired)
{
    /// <summary>The label for <paramref name="culture"/>: Chinese for any zh culture, English otherwise (and when the Chinese label is empty).</summary>
    public string LabelFor(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" && LabelChinese.Length > 0 ? LabelChinese : LabelEnglish;
}

/// <summary>The keys of the dictionaries the product ships; implementers add their own keys for custom choice fields.</summary>
public static class DictionaryKeys
{
    public const string Industry = "industry";
    public const string CustomerLevel = "customer-level";
    public const string SourceChannel = "source-channel";
    public const string LostReason = "lost-reason";
}

/// <summary>
/// Codes of shipped <see cref="DictionaryKeys.SourceChannel"/> entries that the product itself assigns (a web-form lead
/// comes from the website, a campaign's lead from an event, a record entered without one was found by its owner).
/// They are the names of the enums the dictionary replaced, so rows written before stay valid.
/// </summary>
public static class SourceChannelCodes
{
    public const string OwnDevelopment = "OwnDevelopment";
    public const string Website = "Website";
    public const string Event = "Event";
}

/// <summary>The shipped <see cref="DictionaryKeys.LostReason"/> entry a loss without a reason is filed under.</summary>
public static class LostReasonCodes
{
    public const string Other = "Other";
}
