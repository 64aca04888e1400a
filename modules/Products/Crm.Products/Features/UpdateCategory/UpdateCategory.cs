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
namespace Crm.Products.Features.UpdateCategory;

/// <summary>Rename a category or move it (with everything below it) under another parent, or to the top (no parent).</summary>
internal sealed record UpdateCategoryCommand(string? Name, Guid? ParentId, long? Version) : IRequest<CategoryResponse>, ICategoryFields
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class UpdateCategoryValidator : AbstractValidator<UpdateCategoryCommand>
{
    public UpdateCategoryValidator()
    {
        Include(new CategoryFieldsValidator());
        RuleFor(c => c.Version).NotNull()
            .WithMessage("Send the version you edited, as the If-Match header (the ETag) or a 'version' field, so a concurrent change is not overwritten.");
    }
}

internal sealed class UpdateCategoryHandler(ProductsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<UpdateCategoryCommand, CategoryResponse>
{
    public async Task<CategoryResponse> Handle(UpdateCategoryCommand command, CancellationToken cancellationToken)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
                       ?? throw new NotFoundException($"Category {command.Id} does not exist.");
        Versioning.EnsureCurrent("category", category.Version, command.Version);
        await CategoryRules.EnsureNameFreeAsync(db, command.ParentId, command.Name!, category.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.ParentId != category.ParentId)
        {
            var parent = await CategoryRules.ParentAsync(db, command.ParentId, cancellationToken);
            if (parent is not null && category.Contains(parent))
            {
                throw new BusinessRuleException("A category cannot move below itself or one of its own subcategories.", nameof(command.ParentId));
            }

            var below = await db.Categories.Where(c => c.Path.StartsWith(category.Path) && c.Id != category.Id).ToListAsync(cancellationToken);
            category.MoveUnder(parent, below, user.Id, now);
        }

        category.Rename(command.Name!, user.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        return CategoryResponse.From(category, await db.Products.CountAsync(p => p.CategoryId == category.Id, cancellationToken));
    }
}

internal static class UpdateCategoryEndpoint
{
    internal static void MapUpdateCategory(this IEndpointRouteBuilder app)
    {
        app.MapPut("/categories/{id:guid}", async Task<Ok<CategoryResponse>> (Guid id, UpdateCategoryCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var category = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct);
                return Versioning.Ok(response, category);
            })
            .WithName("UpdateProductCategory")
            .WithSummary("Rename a category or move it with its subcategories; send If-Match with the ETag")
            .RequireAuthorization(CrmPolicies.ProductsManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
