using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Sample.Persistence;

internal sealed class SampleSqliteDesignTimeFactory : IDesignTimeDbContextFactory<SampleSqliteDbContext>
{
    public SampleSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<SampleSqliteDbContext>(SampleDbContext.ModuleSchema));
}

internal sealed class SampleSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SampleSqlServerDbContext>
{
    public SampleSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<SampleSqlServerDbContext>(SampleDbContext.ModuleSchema));
}

internal sealed class SamplePostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<SamplePostgreSqlDbContext>
{
    public SamplePostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<SamplePostgreSqlDbContext>(SampleDbContext.ModuleSchema));
}
