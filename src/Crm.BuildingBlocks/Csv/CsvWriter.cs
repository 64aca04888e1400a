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

        // A cell starting with = @ (or + - not followed by a number) is run as a formula by spreadsheet programs.
        if (value[0] is '=' or '@' or '\t' || (value[0] is '+' or '-' && value.Length > 1 && !char.IsAsciiDigit(value[1]) && value[1] != ' ' && value[1] != '('))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Reverses the formula guard of <see cref="Escape"/> when a file we exported is imported again.</summary>
    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '@' or '+' or '-' or '\t' ? value[1..] : value;
}
