using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Products.Features.Shared;
using Crm.Products.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Products.Features.GetProduct;

internal sealed record GetProductQuery(Guid Id) : IRequest<ProductResponse>;

internal sealed class GetProductHandler(ProductsDbContext db, ICurrentUser user) : IRequestHandler<GetProductQuery, ProductResponse>
{
    public async Task<ProductResponse> Handle(GetProductQuery query, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == query.Id, cancellationToken)
                      ?? throw new NotFoundException($"Product {query.Id} does not exist.");
        return ProductResponse.From(product, user.Allows(CrmPolicies.Margins));
    }
}

internal static class GetProductEndpoint
{
    internal static RouteHandlerBuilder MapGetProduct(this IEndpointRouteBuilder app) =>
        app.MapGet("/{id:guid}", async Task<Ok<ProductResponse>> (Guid id, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var product = await mediator.Send(new GetProductQuery(id), cancellationToken);
                return Versioning.Ok(response, product);
            })
            .WithName("GetProduct")
            .WithSummary("One product with its prices and attributes (the standard cost only for those who may see margins)")
            .RequireAuthorization(CrmPolicies.ProductsRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
