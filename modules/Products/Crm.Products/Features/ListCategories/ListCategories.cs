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
namespace Crm.Products.Features.ListCategories;

internal sealed record ListCategoriesQuery : IRequest<IReadOnlyList<CategoryResponse>>;

internal sealed class ListCategoriesHandler(ProductsDbContext db) : IRequestHandler<ListCategoriesQuery, IReadOnlyList<CategoryResponse>>
{
    public async Task<IReadOnlyList<CategoryResponse>> Handle(ListCategoriesQuery query, CancellationToken cancellationToken)
    {
        // A catalogue has tens of categories: the whole tree in one answer, ordered in memory by the names along each path.
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await db.Products.Where(p => p.CategoryId != null).GroupBy(p => p.CategoryId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var byId = categories.ToDictionary(c => c.Id);
        string SortKey(ProductCategory c) => string.Join('\u0001', c.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => byId.TryGetValue(Guid.ParseExact(id, "N"), out var step) ? step.Name + "\u0002" + id : id));
        return categories.OrderBy(SortKey, StringComparer.Ordinal).Select(c => CategoryResponse.From(c, counts.GetValueOrDefault(c.Id))).ToList();
    }
}

internal static class ListCategoriesEndpoint
{
    internal static void MapListCategories(this IEndpointRouteBuilder app)
    {
        app.MapGet("/categories", async Task<Ok<IReadOnlyList<CategoryResponse>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCategoriesQuery(), ct)))
            .WithName("ListProductCategories")
            .WithSummary("The category tree, a parent before its children, with the number of products directly in each")
            .RequireAuthorization(CrmPolicies.ProductsRead);
    }
}
