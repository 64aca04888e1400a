using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Records;

/// <summary>What a client sends for one priced line; the module adds the position and its parent.</summary>
public sealed record PricedLineDetails(string? ProductCode, string Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent);

/// <summary>
/// A product or service at a price on an opportunity, a quote and, later, a contract or an order: product code,
/// description, quantity, unit price and discount, with the total they make. Tax and currency come with the money issue.
/// The subclass adds only the key of its parent.
/// </summary>
public abstract class PricedLine
{
    public Guid Id { get; private set; }

    public int Position { get; private set; }

    public string? ProductCode { get; private set; }

    public string Description { get; private set; } = "";

    public decimal Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal DiscountPercent { get; private set; }

    public decimal Total { get; private set; }

    /// <summary>Quantity × unit price less the line discount, rounded as every amount is (<see cref="Money.Round"/>).</summary>
    public static decimal LineTotal(decimal quantity, decimal unitPrice, decimal discountPercent) =>
        Money.Round(quantity * unitPrice * (100m - discountPercent) / 100m);

    /// <summary>The same line before its discount.</summary>
    public static decimal ListTotal(decimal quantity, decimal unitPrice) => Money.Round(quantity * unitPrice);

    protected void Price(int position, PricedLineDetails line)
    {
        Id = Guid.NewGuid();
        Position = position;
        ProductCode = Normalize.Text(line.ProductCode);
        Description = line.Description.Trim();
        Quantity = line.Quantity;
        UnitPrice = line.UnitPrice;
        DiscountPercent = line.DiscountPercent;
        Total = LineTotal(line.Quantity, line.UnitPrice, line.DiscountPercent);
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
        return builder;
    }
}
