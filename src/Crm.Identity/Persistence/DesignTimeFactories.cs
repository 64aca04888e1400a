using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Identity.Persistence;

internal sealed class IdentitySqliteDesignTimeFactory : IDesignTimeDbContextFactory<IdentitySqliteDbContext>
{
    public IdentitySqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<IdentitySqliteDbContext>(CrmIdentityDbContext.ModuleSchema));
}

internal sealed class IdentitySqlServerDesignTimeFactory : IDesignTimeDbContextFactory<IdentitySqlServerDbContext>
{
    public IdentitySqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<IdentitySqlServerDbContext>(CrmIdentityDbContext.ModuleSchema));
}

internal sealed class IdentityPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<IdentityPostgreSqlDbContext>
{
    public IdentityPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<IdentityPostgreSqlDbContext>(CrmIdentityDbContext.ModuleSchema));
}
