using Crm.BuildingBlocks.Records;

namespace Crm.Products.Domain;

internal enum ProductKind
{
    Product,
    Service,
}

/// <summary>
/// A product or service the company sells. <see cref="Code"/> is unique (what lines, imports and other modules name);
/// list prices are kept per currency, so a USD quote takes the USD price rather than a converted one; the standard
/// cost (in <see cref="CostCurrency"/>) is what margins are reckoned from.
/// </summary>
internal sealed class Product : AuditedRecord
{
    public const int MaxAttributes = 50;
    public const int MaxPrices = 20;

    private readonly List<ProductPrice> _prices = [];
    private readonly List<ProductAttribute> _attributes = [];

    private Product()
    {
    }

    public Guid Id { get; private set; }

    public string Code { get; private set; } = "";

    /// <summary>Upper-case copy of <see cref="Code"/> with the unique index: "ab-1" and "AB-1" are the same product on every provider.</summary>
    public string CodeKey { get; private set; } = "";

    public string Name { get; private set; } = "";

    public ProductKind Kind { get; private set; }

    public Guid? CategoryId { get; private set; }

    /// <summary>Unit of measure as the company writes it on a quote: 台, 件, 套, 小时, pcs.</summary>
    public string? Unit { get; private set; }

    public decimal? StandardCost { get; private set; }

    public string CostCurrency { get; private set; } = "";

    /// <summary>VAT rate code (ADR 0093) lines take by default; null: the installation's default rate.</summary>
    public string? TaxRate { get; private set; }

    public bool IsActive { get; private set; }

    public string? Description { get; private set; }

    public IReadOnlyList<ProductPrice> Prices => _prices;

    public IReadOnlyList<ProductAttribute> Attributes => _attributes;

    public static string KeyOf(string code) => code.Trim().ToUpperInvariant();

    public static Product Create(ProductDetails details, string by, DateTime nowUtc)
    {
        var product = new Product { Id = Guid.NewGuid() };
        product.Apply(details);
        product.StampCreated(by, nowUtc);
        return product;
    }

    public void Update(ProductDetails details, string by, DateTime nowUtc)
    {
        Apply(details);
        Touch(by, nowUtc);
    }

    public decimal? PriceIn(string currency) => _prices.FirstOrDefault(p => p.Currency == currency)?.Amount;

    private void Apply(ProductDetails d)
    {
        Code = d.Code.Trim();
        CodeKey = KeyOf(d.Code);
        Name = d.Name.Trim();
        Kind = d.Kind;
        CategoryId = d.CategoryId;
        Unit = Normalize.Text(d.Unit);
        StandardCost = d.StandardCost;
        CostCurrency = d.CostCurrency;
        TaxRate = Normalize.Text(d.TaxRate);
        IsActive = d.IsActive;
        Description = Normalize.Text(d.Description);
        _prices.Clear();
        _prices.AddRange(d.Prices.Select(p => new ProductPrice(p.Key, p.Value)));
        _attributes.Clear();
        _attributes.AddRange(d.Attributes.Select(a => new ProductAttribute(a.Key.Trim(), a.Value.Trim())));
    }
}

/// <summary>Everything a client sets on a product, already validated.</summary>
internal sealed record ProductDetails(
    string Code,
    string Name,
    ProductKind Kind,
    Guid? CategoryId,
    string? Unit,
    decimal? StandardCost,
    string CostCurrency,
    string? TaxRate,
    bool IsActive,
    string? Description,
    IReadOnlyDictionary<string, decimal> Prices,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>The list price in one currency (the amount as entered: with or without VAT per the installation's setting).</summary>
internal sealed class ProductPrice(string currency, decimal amount)
{
    public string Currency { get; private set; } = currency;

    public decimal Amount { get; private set; } = amount;
}

/// <summary>A free attribute ("颜色" = "银色", "功率" = "7.5kW"), so sales can later be analysed by product attribute.</summary>
internal sealed class ProductAttribute(string key, string value)
{
    public string Key { get; private set; } = key;

    public string Value { get; private set; } = value;
}
