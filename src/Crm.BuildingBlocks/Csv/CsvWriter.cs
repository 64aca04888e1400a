namespace Crm.BuildingBlocks.Csv;

/// <summary>RFC 4180 writer that also defuses spreadsheet formulas (CSV injection) in exported values.</summary>
public sealed class CsvWriter(TextWriter writer)
{
    public async Task WriteRecordAsync(IEnumerable<string?> fields, CancellationToken cancellationToken = default)
    {
        var first = true;
        foreach (var value in fields)
        {
            if (!first)
            {
                await writer.WriteAsync(',');
            }

            first = false;
            await writer.WriteAsync(Escape(value));
        }

        await writer.WriteAsync("\r\n".AsMemory(), cancellationToken);
    }

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (NeedsGuard(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// Reverses the formula guard of <see cref="Escape"/> when a file we exported is imported again: exactly one
    /// apostrophe goes, and only where <see cref="Escape"/> would have put it, so <c>Unguard(Escape(v)) == v</c> for
    /// every value (a name such as <c>O'Brien</c> or <c>'Tis</c> is left alone).
    /// </summary>
    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && (IsTrigger(value[1]) || value[1] == '\'') ? value[1..] : value;

    /// <summary>
    /// Whether a spreadsheet (Excel, LibreOffice, WPS) would evaluate the cell: it starts with = + - @ tab or CR, or
    /// their full-width forms (Chinese input methods type ＝ ＋ － ＠), and is not a plain number. Plain numbers
    /// (<c>-12.50</c>, <c>+5</c>, <c>-1,234.5</c>) stay numbers in the sheet; everything else that could run, such as
    /// <c>-2+3</c>, <c>+1+cmd|' /C calc'!A0</c> or a phone number <c>+86 21 5555 1234</c>, gets a leading apostrophe,
    /// which the sheet shows as text and <see cref="Unguard"/> strips on import. A value that itself starts with an
    /// apostrophe before such a character is guarded too, so it survives the round trip.
    /// </summary>
    public static bool NeedsGuard(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (value[0] == '\'')
        {
            return value.Length > 1 && (IsTrigger(value[1]) || value[1] == '\'');
        }

        return IsTrigger(value[0]) && !IsPlainNumber(value);
    }

    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';

    /// <summary>An optional ASCII sign, digits (optionally grouped by commas in threes), an optional decimal part.</summary>
    private static bool IsPlainNumber(string value)
    {
        var span = value.AsSpan(value[0] is '+' or '-' ? 1 : 0);
        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? [] : span[(dot + 1)..];
        if (dot >= 0 && (fraction.Length == 0 || !AllDigits(fraction)))
        {
            return false;
        }

        if (whole.Length == 0 || !char.IsAsciiDigit(whole[0]))
        {
            return false;
        }

        if (AllDigits(whole))
        {
            return true;
        }

        // 1,234,567: a first group of 1–3 digits, then groups of exactly three.
        var groups = whole.ToString().Split(',');
        return groups[0].Length is >= 1 and <= 3 && groups.All(g => AllDigits(g)) && groups.Skip(1).All(g => g.Length == 3);
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return span.Length > 0;
    }
}
