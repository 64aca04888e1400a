using Crm.BuildingBlocks.Persistence;
using Crm.Products.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Products.Persistence;

/// <summary>The product catalogue's storage: products (with their prices and attributes) and the category tree.</summary>
/// <remarks>Add a migration to all three providers with <c>scripts/add-migration.sh Products &lt;Name&gt;</c>.</remarks>
internal abstract class ProductsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleSchema = "products";

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductCategory> Categories => Set<ProductCategory>();

    protected override string Schema => ModuleSchema;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ProductsDbContext).Assembly);
    }
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.products.db</c>.</summary>
internal sealed class ProductsSqliteDbContext(DbContextOptions<ProductsSqliteDbContext> options) : ProductsDbContext(options);

/// <summary>Production on SQL Server: schema <c>products</c> in the shared database.</summary>
internal sealed class ProductsSqlServerDbContext(DbContextOptions<ProductsSqlServerDbContext> options) : ProductsDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>products</c> in the shared database (ADR 0060).</summary>
internal sealed class ProductsPostgreSqlDbContext(DbContextOptions<ProductsPostgreSqlDbContext> options) : ProductsDbContext(options);
