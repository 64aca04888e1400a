using System.Text.RegularExpressions;

namespace Crm.BuildingBlocks.Identifiers;

/// <summary>
/// Telephone numbers as a company in mainland China writes them: mobiles (11 digits from 13x to 19x), landlines with
/// their area code and an optional extension (021-6000 1234 转 8001), 400/800 service numbers, each also with +86,
/// 0086 or 86 in front (a landline then drops its leading 0). A number starting with another country's + code is
/// accepted as international (7–15 digits, E.164). Anything else is not a number anyone could call.
/// </summary>
public static partial class MainlandPhone
{
    public enum Kind
    {
        Mobile,
        Landline,
        ServiceNumber,
        International,
    }

    /// <summary>What kind of number <paramref name="text"/> is, or null when it is none.</summary>
    public static Kind? Classify(string text)
    {
        var trimmed = text.Trim();
        var extension = Extension().Match(trimmed);
        if (extension.Success)
        {
            trimmed = trimmed[..extension.Index];
        }

        var international = trimmed.StartsWith('+');
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (international && !digits.StartsWith("86", StringComparison.Ordinal))
        {
            return !extension.Success && digits.Length is >= 7 and <= 15 ? Kind.International : null;
        }

        if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
            international = true;
        }
        else if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length >= 12)
        {
            digits = digits[2..];
            international = true;
        }

        if (international && !digits.StartsWith('0') && !Mobile().IsMatch(digits) && !Service().IsMatch(digits))
        {
            digits = "0" + digits;
        }

        if (Mobile().IsMatch(digits))
        {
            return extension.Success ? null : Kind.Mobile;
        }

        if (Service().IsMatch(digits))
        {
            return extension.Success ? null : Kind.ServiceNumber;
        }

        return Landline().IsMatch(digits) ? Kind.Landline : null;
    }

    public static bool IsValid(string text) => Classify(text) is not null;

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    // 010 and 02x areas have 8-digit local numbers; the 3-digit areas (0xxx) have 7 or 8.
    [GeneratedRegex("^(0[12][0-9][0-9]{8}|0[3-9][0-9]{2}[0-9]{7,8})$")]
    private static partial Regex Landline();

    [GeneratedRegex("^[48]00[0-9]{7}$")]
    private static partial Regex Service();

    [GeneratedRegex(@"\s*(转|分机|ext\.?|x|#)\s*[0-9]{1,6}$|(?<=[0-9]{7,})-[0-9]{1,6}$", RegexOptions.IgnoreCase)]
    private static partial Regex Extension();
}
