using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using Crm.Products.PublicApi;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Funnel.Features.Catalogue.SearchCatalogue;

/// <summary>Catalogue products a line can pick, for the line editor; <see cref="CataloguePick.Available"/> is false while Products is off.</summary>
internal sealed record SearchCatalogueQuery(string? Search, string? Currency) : IRequest<CataloguePick>;

internal sealed record CataloguePick(bool Available, string Module, IReadOnlyList<PickableProduct> Products);

/// <summary>A product as a line would take it: <see cref="UnitPrice"/> is its list price in the asked currency, if it has one.</summary>
internal sealed record PickableProduct(string Code, string Name, string? Unit, string? TaxRate, decimal? UnitPrice);

internal sealed class SearchCatalogueValidator : AbstractValidator<SearchCatalogueQuery>
{
    public SearchCatalogueValidator() => RuleFor(q => q.Search).MaximumLength(100);
}

internal sealed class SearchCatalogueHandler(IOptionalModule<IProductCatalog> catalogue) : IRequestHandler<SearchCatalogueQuery, CataloguePick>
{
    public async Task<CataloguePick> Handle(SearchCatalogueQuery query, CancellationToken cancellationToken)
    {
        if (!catalogue.IsEnabled)
        {
            return new CataloguePick(false, catalogue.ModuleName, []);
        }

        var products = await catalogue.Api!.SearchAsync(query.Search, 20, cancellationToken);
        return new CataloguePick(true, catalogue.ModuleName, products.Select(p => new PickableProduct(
            p.Code, p.Name, p.Unit, p.TaxRate, query.Currency is { } currency && p.ListPrices.TryGetValue(currency, out var price) ? price : null)).ToList());
    }
}

internal static class SearchCatalogueEndpoint
{
    internal static void MapSearchCatalogue(this IEndpointRouteBuilder app) =>
        app.MapGet("/catalogue", async Task<Ok<CataloguePick>> (string? search, string? currency, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SearchCatalogueQuery(search, currency), ct)))
            .WithName("SearchLineCatalogue")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Active catalogue products a line can pick (available=false while the Products module is off)")
            .ProducesValidationProblem();
}
