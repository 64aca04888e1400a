using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Products.Persistence;

internal sealed class ProductsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<ProductsSqliteDbContext>
{
    public ProductsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<ProductsSqliteDbContext>(ProductsDbContext.ModuleSchema));
}

internal sealed class ProductsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<ProductsSqlServerDbContext>
{
    public ProductsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<ProductsSqlServerDbContext>(ProductsDbContext.ModuleSchema));
}

internal sealed class ProductsPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<ProductsPostgreSqlDbContext>
{
    public ProductsPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<ProductsPostgreSqlDbContext>(ProductsDbContext.ModuleSchema));
}
