using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Branches.Persistence;

internal sealed class BranchesSqliteDesignTimeFactory : IDesignTimeDbContextFactory<BranchesSqliteDbContext>
{
    public BranchesSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<BranchesSqliteDbContext>(BranchesDbContext.ModuleSchema));
}

internal sealed class BranchesSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<BranchesSqlServerDbContext>
{
    public BranchesSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<BranchesSqlServerDbContext>(BranchesDbContext.ModuleSchema));
}

internal sealed class BranchesPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<BranchesPostgreSqlDbContext>
{
    public BranchesPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<BranchesPostgreSqlDbContext>(BranchesDbContext.ModuleSchema));
}
