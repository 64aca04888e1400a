using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Crm.BuildingBlocks.Csv;

/// <summary>
/// .xlsx files as the imports and exports see them (ADR 0135). An uploaded workbook becomes the CSV text of its first
/// sheet, row for row, so every import keeps its one row-by-row check, its report and its "only the valid rows" choice
/// whichever file the user sent; an export writes the same columns and rows a CSV export does. Cells are written as
/// text: a phone number or code such as 02160001234 keeps its leading zero, and text is never evaluated as a formula.
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>An .xlsx (like every Office Open XML file) is a ZIP archive.</summary>
    public static bool IsWorkbook(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);

    /// <summary>The binary .xls of Excel 97–2003 (an OLE compound file), which we do not read.</summary>
    public static bool IsLegacyWorkbook(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);

    /// <summary>
    /// The first sheet as CSV text (header row first). Every sheet row becomes one record with as many fields as the widest
    /// row, blank rows included, so a row's number in an import report is its row number in Excel. Values are written
    /// through <see cref="CsvWriter.Escape"/>, so the importers' formula-guard reversal applies to them as to a CSV file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a readable workbook.</exception>
    public static string ToCsvText(Stream workbook)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = MiniExcel.Query(workbook, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The library reports a broken archive or sheet in many exception types; to the user it is one thing.
            throw new InvalidDataException("The workbook could not be read.", ex);
        }

        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = row.Values.Select(Text).Concat(Enumerable.Repeat("", Math.Max(0, width - row.Count)));
            text.Append(string.Join(',', cells.Select(CsvWriter.Escape))).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Writes <paramref name="columns"/> and <paramref name="rows"/> as a one-sheet workbook to <paramref name="output"/>.
    /// The rows are read on a worker thread (the library writes synchronously) into a temporary file, then copied to
    /// <paramref name="output"/> asynchronously, so a large export neither blocks the request thread nor sits in memory.
    /// </summary>
    public static async Task WriteAsync(Stream output, IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-export-{Guid.NewGuid():N}.xlsx");
        try
        {
            await Task.Run(() =>
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
                // The header goes in as the first row (not the library's header from the first record's keys), so an
                // export with no rows is still a usable import template.
                MiniExcel.SaveAs(file, Records(columns, rows, cancellationToken), printHeader: false);
            }, cancellationToken);

            await using var written = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await written.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<IDictionary<string, object?>> Records(IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, columns.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        yield return Record(keys, columns);
        foreach (var row in rows.ToBlockingEnumerable(cancellationToken))
        {
            yield return Record(keys, row);
        }
    }

    private static Dictionary<string, object?> Record(string[] keys, IReadOnlyList<string?> values)
    {
        var record = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            record[keys[i]] = i < values.Count ? values[i] : null;
        }

        return record;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
