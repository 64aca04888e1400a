using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Accounts.Persistence;

internal sealed class AccountsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<AccountsSqliteDbContext>
{
    public AccountsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<AccountsSqliteDbContext>(AccountsDbContext.ModuleSchema));
}

internal sealed class AccountsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<AccountsSqlServerDbContext>
{
    public AccountsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<AccountsSqlServerDbContext>(AccountsDbContext.ModuleSchema));
}

internal sealed class AccountsPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<AccountsPostgreSqlDbContext>
{
    public AccountsPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<AccountsPostgreSqlDbContext>(AccountsDbContext.ModuleSchema));
}
