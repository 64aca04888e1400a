using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Products.Domain;
using Crm.Products.Features.Shared;
using Crm.Products.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Crm.Products.Features.CreateProduct;

internal sealed record CreateProductCommand(
    string? Code, string? Name, string? Kind, Guid? CategoryId, string? Unit, decimal? StandardCost, string? CostCurrency, string? TaxRate,
    bool? IsActive, string? Description, IReadOnlyList<PriceInput>? Prices, IReadOnlyList<AttributeInput>? Attributes)
    : IRequest<ProductResponse>, IProductFields;

internal sealed class CreateProductValidator : AbstractValidator<CreateProductCommand>
{
    // Takes the options (not their value) so the container, which registers every validator it finds, can build it.
    public CreateProductValidator(IOptions<MoneyOptions> money) => Include(new ProductFieldsValidator(money));
}

internal sealed class CreateProductHandler(ProductsDbContext db, ICurrentUser user, TimeProvider clock, IOptions<MoneyOptions> money)
    : IRequestHandler<CreateProductCommand, ProductResponse>
{
    public async Task<ProductResponse> Handle(CreateProductCommand command, CancellationToken cancellationToken)
    {
        await ProductFields.EnsureCategoryAsync(db, command.CategoryId, cancellationToken);
        await ProductFields.EnsureCodeFreeAsync(db, command.Code!, null, cancellationToken);
        var product = Product.Create(ProductFields.ToDetails(command, money.Value.CompanyCurrency), user.Id, clock.GetUtcNow().UtcDateTime);
        db.Products.Add(product);
        await ProductFields.SaveAsync(db, product.Code, cancellationToken);
        return ProductResponse.From(product, user.Allows(CrmPolicies.Margins));
    }
}

internal static class CreateProductEndpoint
{
    internal static RouteHandlerBuilder MapCreateProduct(this IEndpointRouteBuilder app) =>
        app.MapPost("/", async Task<Created<ProductResponse>> (CreateProductCommand command, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var product = await mediator.Send(command, cancellationToken);
                return Versioning.Created(response, $"/api/products/{product.Id}", product);
            })
            .WithName("CreateProduct")
            .WithSummary("Add a product or service to the catalogue (the code is unique)")
            .RequireAuthorization(CrmPolicies.ProductsManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
