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
        app.MapPost("/import", (HttpRequest request, bool? skipInvalid, bool? dryRun, IMediator mediator, CancellationToken cancellationToken) =>
                CsvUpload.ImportAsync(request, MaxFileBytes, text => mediator.Send(new ImportProductsCommand(new StringReader(text), skipInvalid ?? false, dryRun ?? false), cancellationToken), cancellationToken))
            .WithName("ImportProducts")
            .WithSummary("Import products from CSV (multipart field 'file', or a text/csv body); a known code updates its product. A file with bad rows imports nothing unless skipInvalid=true; dryRun=true only checks")
            .RequireAuthorization(CrmPolicies.ProductsManage)
            .AcceptsImportFile()
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes));
}
