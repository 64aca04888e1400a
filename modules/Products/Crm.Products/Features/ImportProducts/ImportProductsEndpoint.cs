using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Products.Features.ImportProducts;

internal static class ImportProductsEndpoint
{
    private const long MaxFileBytes = 16 * 1024 * 1024;

    internal static RouteHandlerBuilder MapImportProducts(this IEndpointRouteBuilder app) =>
        app.MapPost("/import", async Task<IResult> (HttpRequest request, bool? skipInvalid, bool? dryRun, IMediator mediator, CancellationToken cancellationToken) =>
            {
                if (request.ContentLength > MaxFileBytes)
                {
                    return TypedResults.Problem($"The file is larger than {MaxFileBytes / 1024 / 1024} MB; split it.", statusCode: StatusCodes.Status413PayloadTooLarge);
                }

                Stream stream;
                if (request.HasFormContentType)
                {
                    var form = await request.ReadFormAsync(cancellationToken);
                    var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
                    if (file is null)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file in the form field 'file'."] });
                    }

                    stream = file.OpenReadStream();
                }
                else
                {
                    stream = request.Body;
                }

                await using (stream)
                {
                    // UTF-8 (with or without a byte-order mark) or GB18030 as Excel saves it on a Chinese Windows (ADR 0111).
                    var text = await TextFileDecoder.ReadAllTextAsync(stream, cancellationToken);
                    var report = await mediator.Send(new ImportProductsCommand(new StringReader(text), skipInvalid ?? false, dryRun ?? false), cancellationToken);
                    if (!report.Rejected)
                    {
                        return TypedResults.Ok(report);
                    }

                    var problem = new ProblemDetails
                    {
                        Status = StatusCodes.Status422UnprocessableEntity,
                        Title = "The file has errors; nothing was imported.",
                        Detail = $"{report.Errors.Count} error(s) in {report.Skipped} of {report.TotalRows} rows. Fix them, or import the valid rows with skipInvalid=true.",
                    };
                    problem.Extensions["report"] = report;
                    return TypedResults.Problem(problem);
                }
            })
            .WithName("ImportProducts")
            .WithSummary("Import products from CSV (multipart field 'file', or a text/csv body); a known code updates its product. A file with bad rows imports nothing unless skipInvalid=true; dryRun=true only checks")
            .RequireAuthorization(CrmPolicies.ProductsManage)
            .Accepts<IFormFile>("multipart/form-data", "text/csv", "text/plain", "application/octet-stream")
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes));
}
