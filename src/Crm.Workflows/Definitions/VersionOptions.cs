using System.Globalization;

namespace Crm.Workflows.Definitions;

/// <summary>
/// Which versions of a definition a request means, in Elsa's vocabulary: <c>Latest</c>, <c>Published</c>,
/// <c>LatestOrPublished</c>, <c>LatestAndPublished</c>, <c>Draft</c>, <c>AllVersions</c> or a version number.
/// </summary>
internal readonly record struct VersionOptions(VersionSelector Selector, int Version = 0)
{
    public static readonly VersionOptions Latest = new(VersionSelector.Latest);
    public static readonly VersionOptions Published = new(VersionSelector.Published);
    public static readonly VersionOptions LatestOrPublished = new(VersionSelector.LatestOrPublished);
    public static readonly VersionOptions AllVersions = new(VersionSelector.AllVersions);

    public static VersionOptions Specific(int version) => new(VersionSelector.Specific, version);

    /// <summary>Parses Studio's text; names are matched case-insensitively (query strings are not case-stable).</summary>
    public static bool TryParse(string? text, out VersionOptions options)
    {
        options = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            // A number is a version; Enum.TryParse below would also accept "0" as the first member.
            options = Specific(number);
            return number > 0;
        }

        // "All" is accepted too: Elsa's server-side enum parser knows both spellings.
        if (string.Equals(text, "All", StringComparison.OrdinalIgnoreCase))
        {
            options = AllVersions;
            return true;
        }

        if (Enum.TryParse<VersionSelector>(text, ignoreCase: true, out var selector) && selector != VersionSelector.Specific && Enum.IsDefined(selector))
        {
            options = new VersionOptions(selector);
            return true;
        }

        return false;
    }

    public override string ToString() => Selector == VersionSelector.Specific ? Version.ToString(CultureInfo.InvariantCulture) : Selector.ToString();
}

internal enum VersionSelector
{
    Latest,
    Published,
    LatestOrPublished,
    LatestAndPublished,
    Draft,
    AllVersions,
    Specific,
}
