using System.Globalization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using Crm.Products.Features.ListProducts;
using Crm.Products.Features.Shared;
using Crm.Products.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Products.Features.ExportProducts;

internal sealed record ExportProductsQuery(ProductFilter Filter) : IRequest<IReadOnlyList<IReadOnlyList<string?>>>;

internal sealed class ExportProductsHandler(ProductsDbContext db, ICurrentUser user) : IRequestHandler<ExportProductsQuery, IReadOnlyList<IReadOnlyList<string?>>>
{
    public async Task<IReadOnlyList<IReadOnlyList<string?>>> Handle(ExportProductsQuery query, CancellationToken cancellationToken)
    {
        // A catalogue is thousands of rows, not millions: read it whole, with the category paths resolved once.
        var products = await (await query.Filter.ApplyAsync(db, cancellationToken)).OrderBy(p => p.CodeKey).ToListAsync(cancellationToken);
        var paths = await CategoryPaths.LoadAsync(db, cancellationToken);
        var showCost = user.Allows(CrmPolicies.Margins);
        return products.Select(p => (IReadOnlyList<string?>)
        [
            p.Code, p.Name, p.Kind.ToString(), p.CategoryId is { } c ? paths.NameOf(c) : null, p.Unit, p.TaxRate,
            showCost ? p.StandardCost?.ToString("0.00", CultureInfo.InvariantCulture) : null, showCost ? p.CostCurrency : null,
            p.IsActive ? "true" : "false", ProductCsv.Prices(p), ProductCsv.Attributes(p), p.Description,
        ]).ToList();
    }
}

internal static class ExportProductsEndpoint
{
    internal static RouteHandlerBuilder MapExportProducts(this IEndpointRouteBuilder app) =>
        app.MapGet("/export", async Task (HttpContext context, IMediator mediator, string? search, Guid? categoryId, bool? active, string? kind, string? format) =>
            {
                var cancellationToken = context.RequestAborted;
                var fileFormat = TableDownload.ParseFormat(format);
                var filter = new ProductFilter(search, categoryId, active, kind);
                // Validates the filter through the list's rules before the response starts.
                await mediator.Send(new ListProductsQuery(filter, 1, null), cancellationToken);
                var rows = await mediator.Send(new ExportProductsQuery(filter), cancellationToken);
                await TableDownload.WriteAsync(context, fileFormat, "products", ProductCsv.Columns, rows.ToAsyncEnumerable());
            })
            .WithName("ExportProducts")
            .WithSummary("CSV (or .xlsx with format=xlsx) of the catalogue matching the list's filters (UTF-8 with BOM, re-importable; costs only for those who may see margins)")
            .RequireAuthorization(CrmPolicies.ProductsRead)
            .Produces<string>(StatusCodes.Status200OK, "text/csv", Workbook.ContentType)
            .ProducesValidationProblem();
}
