using System.Text;
using Crm.BuildingBlocks.Localization;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Csv;

/// <summary>The file kinds an export can be downloaded as.</summary>
public enum TableFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// The HTTP half of every export route, written once: the same header and rows as CSV (UTF-8 with a byte-order mark,
/// so Excel on a Chinese Windows reads the Chinese names) or as an .xlsx workbook (<c>?format=xlsx</c>), both
/// re-importable through the module's import (ADR 0135). The module supplies only its columns and rows.
/// </summary>
public static class TableDownload
{
    /// <summary>
    /// The format asked for (csv when none). Call it before anything is written, so a wrong value still answers 400 with
    /// the field in error instead of a cut-off download.
    /// </summary>
    public static TableFormat ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" => TableFormat.Csv,
        "xlsx" => TableFormat.Xlsx,
        _ => throw new ValidationException([new ValidationFailure("format", ServerText.Translate("Choose csv or xlsx."))]),
    };

    public static async Task WriteAsync(
        HttpContext context, TableFormat format, string fileName, IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string?>> rows)
    {
        var cancellationToken = context.RequestAborted;
        var extension = format == TableFormat.Xlsx ? "xlsx" : "csv";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{extension}\"";
        if (format == TableFormat.Xlsx)
        {
            context.Response.ContentType = Workbook.ContentType;
            await Workbook.WriteAsync(context.Response.Body, columns, rows, cancellationToken);
            return;
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        var csv = new CsvWriter(writer);
        await csv.WriteRecordAsync(columns, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(row, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
