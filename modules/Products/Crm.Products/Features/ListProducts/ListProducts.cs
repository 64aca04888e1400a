using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Persistence;
using Crm.Products.Domain;
using Crm.Products.Features.Shared;
using Crm.Products.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Products.Features.ListProducts;

/// <summary>
/// The filters the list, the export and the page share: words in the code or name, a category with everything below
/// it, active or not, product or service.
/// </summary>
internal sealed record ProductFilter(string? Search, Guid? CategoryId, bool? Active, string? Kind)
{
    public async Task<IQueryable<Product>> ApplyAsync(ProductsDbContext db, CancellationToken cancellationToken)
    {
        IQueryable<Product> products = db.Products.AsNoTracking();
        if (CategoryId is { } categoryId)
        {
            var path = await db.Categories.Where(c => c.Id == categoryId).Select(c => c.Path).FirstOrDefaultAsync(cancellationToken)
                       ?? throw new NotFoundException($"Category {categoryId} does not exist.");
            var below = db.Categories.Where(c => c.Path.StartsWith(path)).Select(c => c.Id);
            products = products.Where(p => p.CategoryId != null && below.Contains(p.CategoryId.Value));
        }

        if (Active is { } active)
        {
            products = products.Where(p => p.IsActive == active);
        }

        if (Kind is not null && Enum.TryParse<ProductKind>(Kind, true, out var kind))
        {
            products = products.Where(p => p.Kind == kind);
        }

        // Every word in the code or the name; a catalogue holds thousands of products, so a LIKE scan is enough.
        foreach (var term in (Search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            var pattern = LikePattern.Containing(term);
            products = products.Where(p => EF.Functions.Like(p.Code, pattern, LikePattern.Escape) || EF.Functions.Like(p.Name, pattern, LikePattern.Escape));
        }

        return products;
    }
}

internal sealed record ListProductsQuery(ProductFilter Filter, int PageSize, string? Cursor) : IRequest<PagedResult<ProductResponse>>;

/// <summary>Where the previous page stopped: the last code key (unique, so no id is needed to break ties).</summary>
internal sealed record ProductCursor(string After);

internal sealed class ListProductsValidator : AbstractValidator<ListProductsQuery>
{
    public ListProductsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Filter.Search).MaximumLength(100).OverridePropertyName("search");
        RuleFor(q => q.Filter.Kind).Must(k => k is null || Enum.TryParse<ProductKind>(k, true, out _) && !int.TryParse(k, out _))
            .WithMessage("Kind must be Product or Service.").OverridePropertyName("kind");
        RuleFor(q => q.Cursor).Must(c => c is null || KeysetCursor.TryDecode<ProductCursor>(c, out _))
            .WithMessage("The cursor is not valid; start again from the first page.");
    }
}

internal sealed class ListProductsHandler(ProductsDbContext db, ICurrentUser user) : IRequestHandler<ListProductsQuery, PagedResult<ProductResponse>>
{
    public async Task<PagedResult<ProductResponse>> Handle(ListProductsQuery query, CancellationToken cancellationToken)
    {
        var products = await query.Filter.ApplyAsync(db, cancellationToken);
        if (query.Cursor is not null && KeysetCursor.TryDecode<ProductCursor>(query.Cursor, out var after))
        {
            products = products.Where(p => string.Compare(p.CodeKey, after.After) > 0);
        }

        var rows = await products.OrderBy(p => p.CodeKey).Take(query.PageSize + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        var showCost = user.Allows(CrmPolicies.Margins);
        var items = rows.Take(query.PageSize).Select(p => ProductResponse.From(p, showCost)).ToList();
        var next = hasMore ? KeysetCursor.Encode(new ProductCursor(rows[query.PageSize - 1].CodeKey)) : null;
        return new PagedResult<ProductResponse>(items, 1, query.PageSize, hasMore, next, null);
    }
}

internal static class ListProductsEndpoint
{
    internal static RouteHandlerBuilder MapListProducts(this IEndpointRouteBuilder app) =>
        app.MapGet("/", async Task<Ok<PagedResult<ProductResponse>>> (string? search, Guid? categoryId, bool? active, string? kind, int? pageSize, string? cursor, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListProductsQuery(new ProductFilter(search, categoryId, active, kind), pageSize ?? 50, cursor), cancellationToken)))
            .WithName("ListProducts")
            .WithSummary("Products by code, a page at a time (keyset cursor), filtered by words, category (with its subcategories), active flag and kind")
            .RequireAuthorization(CrmPolicies.ProductsRead)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
