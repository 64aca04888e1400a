using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Products.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Products.Persistence;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Code).HasMaxLength(50).IsRequired();
        // The unique index is the only guard that holds when two people save the same code at the same moment.
        builder.Property(p => p.CodeKey).HasMaxLength(50).IsRequired();
        builder.HasIndex(p => p.CodeKey).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.HasIndex(p => p.Name);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(p => p.CategoryId);
        builder.Property(p => p.Unit).HasMaxLength(20);
        builder.Property(p => p.CostCurrency).IsCurrencyCode();
        builder.Property(p => p.TaxRate).HasMaxLength(10);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.OwnsMany(p => p.Prices, price =>
        {
            price.ToTable("ProductPrices");
            price.WithOwner().HasForeignKey("ProductId");
            price.HasKey("ProductId", nameof(ProductPrice.Currency));
            price.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        });
        builder.Navigation(p => p.Prices).HasField("_prices");
        builder.OwnsMany(p => p.Attributes, attribute =>
        {
            attribute.ToTable("ProductAttributes");
            attribute.WithOwner().HasForeignKey("ProductId");
            attribute.HasKey("ProductId", nameof(ProductAttribute.Key));
            attribute.Property(x => x.Key).HasMaxLength(50);
            attribute.Property(x => x.Value).HasMaxLength(200).IsRequired();
            attribute.HasIndex(x => new { x.Key, x.Value });
        });
        builder.Navigation(p => p.Attributes).HasField("_attributes");
        builder.ConfigureAudited();
    }
}

internal sealed class ProductCategoryConfiguration : IEntityTypeConfiguration<ProductCategory>
{
    public void Configure(EntityTypeBuilder<ProductCategory> builder)
    {
        builder.ToTable("Categories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        // Depth is unbounded but a path of 32-char ids stays below this for any tree a company keeps.
        builder.Property(c => c.Path).HasMaxLength(1000).IsRequired();
        builder.HasIndex(c => c.Path);
        builder.HasIndex(c => c.ParentId);
        builder.ConfigureAudited();
    }
}
