using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Products.Domain;
using Crm.Products.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;


using Crm.Products.Features.Shared;
namespace Crm.Products.Features.CreateCategory;

internal sealed record CreateCategoryCommand(string? Name, Guid? ParentId) : IRequest<CategoryResponse>, ICategoryFields;

internal sealed class CreateCategoryValidator : AbstractValidator<CreateCategoryCommand>
{
    public CreateCategoryValidator() => Include(new CategoryFieldsValidator());
}

internal sealed class CreateCategoryHandler(ProductsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<CreateCategoryCommand, CategoryResponse>
{
    public async Task<CategoryResponse> Handle(CreateCategoryCommand command, CancellationToken cancellationToken)
    {
        var parent = await CategoryRules.ParentAsync(db, command.ParentId, cancellationToken);
        await CategoryRules.EnsureNameFreeAsync(db, command.ParentId, command.Name!, null, cancellationToken);
        var category = ProductCategory.Create(Guid.NewGuid(), parent, command.Name!, user.Id, clock.GetUtcNow().UtcDateTime);
        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        return CategoryResponse.From(category, 0);
    }
}

internal static class CreateCategoryEndpoint
{
    internal static void MapCreateCategory(this IEndpointRouteBuilder app)
    {
        app.MapPost("/categories", async Task<Created<CategoryResponse>> (CreateCategoryCommand command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var category = await mediator.Send(command, ct);
                return Versioning.Created(response, $"/api/products/categories/{category.Id}", category);
            })
            .WithName("CreateProductCategory")
            .WithSummary("Add a category, at the top or below a parent")
            .RequireAuthorization(CrmPolicies.ProductsManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
