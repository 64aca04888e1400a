using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Funnel.Persistence;

internal sealed class FunnelSqliteDesignTimeFactory : IDesignTimeDbContextFactory<FunnelSqliteDbContext>
{
    public FunnelSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<FunnelSqliteDbContext>(FunnelDbContext.ModuleSchema));
}

internal sealed class FunnelSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<FunnelSqlServerDbContext>
{
    public FunnelSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<FunnelSqlServerDbContext>(FunnelDbContext.ModuleSchema));
}

internal sealed class FunnelPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<FunnelPostgreSqlDbContext>
{
    public FunnelPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<FunnelPostgreSqlDbContext>(FunnelDbContext.ModuleSchema));
}
