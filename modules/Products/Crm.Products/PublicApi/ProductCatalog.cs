using Crm.BuildingBlocks.Persistence;
using Crm.Products.Domain;
using Crm.Products.Persistence;
using Crm.Products.PublicApi;
using Microsoft.EntityFrameworkCore;

namespace Crm.Products.PublicApi;

/// <summary>The catalogue for other modules (ADR 0112). Costs are included: the consumer decides who sees a margin.</summary>
internal sealed class ProductCatalog(ProductsDbContext db) : IProductCatalog
{
    public async Task<CatalogProduct?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default) =>
        ToCatalog(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken));

    public async Task<CatalogProduct?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        var key = Product.KeyOf(code);
        return ToCatalog(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.CodeKey == key, cancellationToken));
    }

    public async Task<IReadOnlyList<CatalogProduct>> SearchAsync(string? text, int take = 20, CancellationToken cancellationToken = default)
    {
        var products = db.Products.AsNoTracking().Where(p => p.IsActive);
        foreach (var term in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            var pattern = LikePattern.Containing(term);
            products = products.Where(p => EF.Functions.Like(p.Code, pattern, LikePattern.Escape) || EF.Functions.Like(p.Name, pattern, LikePattern.Escape));
        }

        return (await products.OrderBy(p => p.CodeKey).Take(Math.Clamp(take, 1, 100)).ToListAsync(cancellationToken)).Select(p => ToCatalog(p)!).ToList();
    }

    private static CatalogProduct? ToCatalog(Product? p) => p is null
        ? null
        : new CatalogProduct(p.Id, p.Code, p.Name, p.Kind.ToString(), p.Unit, p.TaxRate, p.IsActive, p.StandardCost, p.CostCurrency,
            p.Prices.ToDictionary(x => x.Currency, x => x.Amount), p.Attributes.ToDictionary(x => x.Key, x => x.Value));
}
