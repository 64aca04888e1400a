using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Products.Features.Shared;
using Crm.Products.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Products.Features.UpdateProduct;

/// <summary>Replaces every field of a product (prices and attributes as whole lists); send the version you edited.</summary>
internal sealed record UpdateProductCommand(
    string? Code, string? Name, string? Kind, Guid? CategoryId, string? Unit, decimal? StandardCost, string? CostCurrency, string? TaxRate,
    bool? IsActive, string? Description, IReadOnlyList<PriceInput>? Prices, IReadOnlyList<AttributeInput>? Attributes, long? Version)
    : IRequest<ProductResponse>, IProductFields
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class UpdateProductValidator : AbstractValidator<UpdateProductCommand>
{
    public UpdateProductValidator(IOptions<MoneyOptions> money)
    {
        Include(new ProductFieldsValidator(money));
        RuleFor(c => c.Version).NotNull()
            .WithMessage("Send the version you edited, as the If-Match header (the ETag) or a 'version' field, so a concurrent change is not overwritten.");
    }
}

internal sealed class UpdateProductHandler(ProductsDbContext db, ICurrentUser user, TimeProvider clock, IOptions<MoneyOptions> money)
    : IRequestHandler<UpdateProductCommand, ProductResponse>
{
    public async Task<ProductResponse> Handle(UpdateProductCommand command, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken)
                      ?? throw new NotFoundException($"Product {command.Id} does not exist.");
        Versioning.EnsureCurrent("product", product.Version, command.Version);
        await ProductFields.EnsureCategoryAsync(db, command.CategoryId, cancellationToken);
        await ProductFields.EnsureCodeFreeAsync(db, command.Code!, product.Id, cancellationToken);
        var details = ProductFields.ToDetails(command, money.Value.CompanyCurrency);
        if (!user.Allows(CrmPolicies.Margins))
        {
            // Someone who cannot see the cost cannot have sent it: keep what is stored rather than erase it.
            details = details with { StandardCost = product.StandardCost, CostCurrency = product.CostCurrency };
        }

        product.Update(details, user.Id, clock.GetUtcNow().UtcDateTime);
        await ProductFields.SaveAsync(db, product.Code, cancellationToken);
        return ProductResponse.From(product, user.Allows(CrmPolicies.Margins));
    }
}

internal static class UpdateProductEndpoint
{
    internal static RouteHandlerBuilder MapUpdateProduct(this IEndpointRouteBuilder app) =>
        app.MapPut("/{id:guid}", async Task<Ok<ProductResponse>> (Guid id, UpdateProductCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var product = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
                return Versioning.Ok(response, product);
            })
            .WithName("UpdateProduct")
            .WithSummary("Change a product; send If-Match with the ETag; 412 when someone else saved first")
            .RequireAuthorization(CrmPolicies.ProductsManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
