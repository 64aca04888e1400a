using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.BuildingBlocks.Csv;

/// <summary>What every CSV import's report tells the route that answers it.</summary>
public interface ICsvImportReport
{
    int TotalRows { get; }

    int Skipped { get; }

    int ErrorCount { get; }

    /// <summary>The file had errors and nothing was imported (the caller did not ask for the valid rows only).</summary>
    bool Rejected { get; }
}

/// <summary>
/// The HTTP half of every import route, written once: the file from the multipart field <c>file</c> or the raw body,
/// refused above a size; an .xlsx workbook read as the CSV text of its first sheet (ADR 0135), any other file decoded
/// as UTF-8 or GB18030 (ADR 0111); 200 with the report, or 422 with the report when the file was refused. The module
/// supplies only the import itself, which therefore treats a workbook's rows exactly as a CSV file's.
/// </summary>
public static class CsvUpload
{
    public static async Task<IResult> ImportAsync<TReport>(
        HttpRequest request, long maxBytes, Func<string, Task<TReport>> import, CancellationToken cancellationToken)
        where TReport : ICsvImportReport
    {
        if (request.ContentLength > maxBytes)
        {
            return TypedResults.Problem(ServerText.Translate($"The file is larger than {maxBytes / 1024 / 1024} MB; split it."), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        Stream stream;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // A form with no part at all, or cut short: the client's mistake, not the server's.
                form = FormCollection.Empty;
            }

            if ((form.Files.GetFile("file") ?? form.Files.FirstOrDefault()) is not { } file)
            {
                return FileError("Attach the CSV or Excel file in the form field 'file'.");
            }

            stream = file.OpenReadStream();
        }
        else
        {
            stream = request.Body;
        }

        using var bytes = new MemoryStream();
        await using (stream)
        {
            // Read asynchronously up front: the CSV parser is synchronous, and the server forbids blocking reads.
            await stream.CopyToAsync(bytes, cancellationToken);
        }

        var content = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        string text;
        if (Workbook.IsLegacyWorkbook(content))
        {
            return FileError("This is an Excel 97–2003 workbook (.xls). Save it as .xlsx or as CSV and import it again.");
        }

        if (Workbook.IsWorkbook(content))
        {
            try
            {
                bytes.Position = 0;
                text = Workbook.ToCsvText(bytes);
            }
            catch (InvalidDataException)
            {
                return FileError("The workbook could not be read. Open it in Excel, save it again as .xlsx and import it again.");
            }
        }
        else
        {
            text = TextFileDecoder.Decode(content).Text;
        }

        var report = await import(text);
        if (!report.Rejected)
        {
            return TypedResults.Ok(report);
        }

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = ServerText.Translate("The file has errors; nothing was imported."),
            Detail = ServerText.Translate($"{report.ErrorCount} error(s) in {report.Skipped} of {report.TotalRows} rows. Fix them, or import the valid rows with skipInvalid=true."),
        };
        problem.Extensions["report"] = report;
        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// What an import route accepts, the same for every import: a multipart form, or the file itself as CSV, plain text,
    /// an .xlsx workbook or bytes. (A legacy .xls is let in to be refused with a message saying what to do.)
    /// </summary>
    public static RouteHandlerBuilder AcceptsImportFile(this RouteHandlerBuilder builder) =>
        builder.Accepts<IFormFile>("multipart/form-data", "text/csv", "text/plain", "application/octet-stream", Workbook.ContentType, "application/vnd.ms-excel");

    private static IResult FileError(string english) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [ServerText.Translate(english)] });
}
