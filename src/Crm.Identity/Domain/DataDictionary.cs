using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Records;

namespace Crm.Identity.Domain;

/// <summary>
/// An editable list (数据字典) records pick codes from. The dictionary is the unit of change: every edit of an entry
/// bumps its <see cref="AuditedRecord.Version"/>, so one ETag guards the whole list (a reorder and a relabel cannot
/// silently overwrite each other).
/// </summary>
internal sealed partial class DataDictionary : AuditedRecord, IAuditable
{
    private readonly List<DataDictionaryEntry> _entries = [];

    private DataDictionary()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Stable key (<c>industry</c>, <c>source-channel</c>, …) that records and other modules name it by.</summary>
    public string Key { get; private set; } = "";

    public string NameEnglish { get; private set; } = "";

    public string NameChinese { get; private set; } = "";

    public IReadOnlyList<DataDictionaryEntry> Entries => _entries;

    Guid IAuditable.AuditSubjectId => Id;

    public static DataDictionary Create(string key, string nameEnglish, string nameChinese, string by, DateTime nowUtc)
    {
        var dictionary = new DataDictionary { Id = Guid.NewGuid(), Key = key, NameEnglish = nameEnglish, NameChinese = nameChinese };
        dictionary.StampCreated(by, nowUtc);
        return dictionary;
    }

    /// <summary>Whether <paramref name="code"/> is already taken, ignoring case: <c>Website</c> and <c>website</c> would read as one.</summary>
    public DataDictionaryEntry? Find(string code) =>
        _entries.FirstOrDefault(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase));

    public DataDictionaryEntry Add(string code, string labelEnglish, string labelChinese, string by, DateTime nowUtc)
    {
        var entry = new DataDictionaryEntry(Guid.NewGuid(), Id, code, labelEnglish, labelChinese, _entries.Count == 0 ? 1 : _entries.Max(e => e.Order) + 1);
        _entries.Add(entry);
        Touch(by, nowUtc);
        return entry;
    }

    public void Relabel(DataDictionaryEntry entry, string labelEnglish, string labelChinese, string by, DateTime nowUtc)
    {
        entry.Relabel(labelEnglish, labelChinese);
        Touch(by, nowUtc);
    }

    public void SetRetired(DataDictionaryEntry entry, bool retired, string by, DateTime nowUtc)
    {
        entry.Retired = retired;
        Touch(by, nowUtc);
    }

    /// <summary>Puts the entries in the order of <paramref name="codes"/> (every code exactly once; the caller checked).</summary>
    public void Reorder(IReadOnlyList<string> codes, string by, DateTime nowUtc)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            Find(codes[i])!.Order = i + 1;
        }

        Touch(by, nowUtc);
    }

    /// <summary>Lower-case letters and digits in words joined by single dashes: safe in URLs, files and every database.</summary>
    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    /// <summary>A code made from an English label ("Wholesale &amp; Retail" → <c>wholesale-retail</c>); empty when nothing usable is left.</summary>
    public static string CodeFrom(string label) =>
        NonCodeCharacters().Replace(label.Trim().ToLowerInvariant(), "-").Trim('-') is var code && code.Length > 50 ? code[..50].TrimEnd('-') : code;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonCodeCharacters();
}

/// <summary>One entry: a code that never changes, its labels in both languages, its place in the list, retired or not.</summary>
internal sealed class DataDictionaryEntry : IAuditable
{
    private DataDictionaryEntry()
    {
    }

    internal DataDictionaryEntry(Guid id, Guid dictionaryId, string code, string labelEnglish, string labelChinese, int order)
    {
        Id = id;
        DictionaryId = dictionaryId;
        Code = code;
        LabelEnglish = labelEnglish;
        LabelChinese = labelChinese;
        Order = order;
    }

    public Guid Id { get; private set; }

    public Guid DictionaryId { get; private set; }

    public string Code { get; private set; } = "";

    public string LabelEnglish { get; private set; } = "";

    public string LabelChinese { get; private set; } = "";

    public int Order { get; internal set; }

    public bool Retired { get; internal set; }

    // Entries are audited under their dictionary, as contacts are under their account.
    Guid IAuditable.AuditSubjectId => DictionaryId;

    internal void Relabel(string labelEnglish, string labelChinese)
    {
        LabelEnglish = labelEnglish;
        LabelChinese = labelChinese;
    }
}
