using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// What a client sends for one priced line; the module adds the position and its parent. <paramref name="TaxRate"/> is
/// a VAT rate code (<see cref="Vat"/>); <paramref name="PriceIncludesTax"/> says whether the unit price was entered with
/// tax (the installation's setting when the line was priced). <paramref name="Unit"/> is the unit of measure (台, 小时);
/// <paramref name="UnitCost"/> is the catalogue's standard cost in the document's currency when the line was priced from
/// a catalogue product, kept so the margin does not move when the catalogue's cost changes later (ADR 0112).
/// </summary>
public sealed record PricedLineDetails(
    string? ProductCode, string Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, string? TaxRate = null, bool PriceIncludesTax = false,
    string? Unit = null, decimal? UnitCost = null);

/// <summary>
/// A product or service at a price on an opportunity, a quote and, later, a contract or an order: product code,
/// description, quantity, unit price and discount, with the total they make, and its VAT. Amounts are in the currency
/// of the document the line belongs to. The subclass adds only the key of its parent.
/// </summary>
public abstract class PricedLine
{
    public Guid Id { get; private set; }

    public int Position { get; private set; }

    public string? ProductCode { get; private set; }

    public string Description { get; private set; } = "";

    /// <summary>Unit of measure as written on the quote (台, 套, 小时); null on free-text lines that give none.</summary>
    public string? Unit { get; private set; }

    /// <summary>
    /// Standard cost of one unit in the document's currency, taken from the catalogue when the line was priced; null on
    /// free-text lines. Only those who may see margins are ever shown it (<c>Sales.Margins</c>).
    /// </summary>
    public decimal? UnitCost { get; private set; }

    public decimal Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal DiscountPercent { get; private set; }

    /// <summary>Quantity × unit price less the line discount, as entered (with tax when <see cref="PriceIncludesTax"/>).</summary>
    public decimal Total { get; private set; }

    /// <summary>VAT rate code (<see cref="Vat"/>); null on lines priced before VAT existed, which carry no tax.</summary>
    public string? TaxRate { get; private set; }

    public bool PriceIncludesTax { get; private set; }

    /// <summary>The line without tax, after every discount (the document's header discount included).</summary>
    public decimal NetAmount { get; private set; }

    /// <summary>The line's VAT, rounded half-up to the fen on this line.</summary>
    public decimal TaxAmount { get; private set; }

    public decimal GrossAmount { get; private set; }

    /// <summary>Quantity × unit price less the line discount, rounded as every amount is (<see cref="Money.Round"/>).</summary>
    public static decimal LineTotal(decimal quantity, decimal unitPrice, decimal discountPercent) =>
        Money.Round(quantity * unitPrice * (100m - discountPercent) / 100m);

    /// <summary>The same line before its discount.</summary>
    public static decimal ListTotal(decimal quantity, decimal unitPrice) => Money.Round(quantity * unitPrice);

    /// <summary>The line's net, tax and gross after a discount on the whole document (0 for none).</summary>
    public static LineTax Taxed(PricedLineDetails line, decimal headerDiscountPercent = 0m) =>
        Vat.OnLine(
            LineTotal(line.Quantity, line.UnitPrice, line.DiscountPercent) * (100m - headerDiscountPercent) / 100m,
            line.TaxRate,
            line.PriceIncludesTax);

    public PricedLineDetails Details() => new(ProductCode, Description, Quantity, UnitPrice, DiscountPercent, TaxRate, PriceIncludesTax, Unit, UnitCost);

    /// <summary>Net amount less the cost of the quantity; null when the line has no cost (free text).</summary>
    public decimal? Margin => UnitCost is { } cost ? NetAmount - Money.Round(cost * Quantity) : null;

    protected void Price(int position, PricedLineDetails line, decimal headerDiscountPercent = 0m)
    {
        Id = Guid.NewGuid();
        Position = position;
        ProductCode = Normalize.Text(line.ProductCode);
        Description = line.Description.Trim();
        Unit = Normalize.Text(line.Unit);
        UnitCost = line.UnitCost;
        Quantity = line.Quantity;
        UnitPrice = line.UnitPrice;
        DiscountPercent = line.DiscountPercent;
        Total = LineTotal(line.Quantity, line.UnitPrice, line.DiscountPercent);
        TaxRate = line.TaxRate;
        PriceIncludesTax = line.PriceIncludesTax;
        var taxed = Taxed(line, headerDiscountPercent);
        NetAmount = taxed.Net;
        TaxAmount = taxed.Tax;
        GrossAmount = taxed.Gross;
    }
}

public static class PricedLineConfiguration
{
    /// <summary>Maps the <see cref="PricedLine"/> columns the same way for every kind of line.</summary>
    public static EntityTypeBuilder<T> ConfigurePricedLine<T>(this EntityTypeBuilder<T> builder)
        where T : PricedLine
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.ProductCode).HasMaxLength(50);
        builder.Property(l => l.Description).HasMaxLength(300).IsRequired();
        builder.Property(l => l.TaxRate).HasMaxLength(10);
        builder.Property(l => l.Unit).HasMaxLength(20);
        return builder;
    }
}
