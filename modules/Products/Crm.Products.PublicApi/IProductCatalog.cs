namespace Crm.Products.PublicApi;

/// <summary>
/// The product catalogue as other modules see it: Funnel's opportunity and quote lines pick products from it, and later
/// Contracts and Service. Consumers reach it through <c>IOptionalModule&lt;IProductCatalog&gt;</c> (ADR 0075), so they keep
/// working with free-text lines when the Products module is off (ADR 0112).
/// </summary>
public interface IProductCatalog
{
    Task<CatalogProduct?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The product with this code (codes are unique, compared case-insensitively), or null.</summary>
    Task<CatalogProduct?> FindByCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Active products whose code or name contains <paramref name="text"/>, by code; at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<CatalogProduct>> SearchAsync(string? text, int take = 20, CancellationToken cancellationToken = default);
}

/// <summary>
/// A catalogue product. <see cref="ListPrices"/> holds one price per ISO 4217 currency; <see cref="TaxRate"/> is a VAT
/// rate code ("13", "exempt", …) or null for the installation's default; <see cref="StandardCost"/> is in
/// <see cref="CostCurrency"/> and is for margins, which only managers see.
/// </summary>
public sealed record CatalogProduct(
    Guid Id,
    string Code,
    string Name,
    string Kind,
    string? Unit,
    string? TaxRate,
    bool IsActive,
    decimal? StandardCost,
    string CostCurrency,
    IReadOnlyDictionary<string, decimal> ListPrices,
    IReadOnlyDictionary<string, string> Attributes);
