using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Accounts.Persistence;

// Used only by `dotnet ef` (scripts/add-migration.sh); no database is opened to scaffold a migration.
internal sealed class AccountsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<AccountsSqliteDbContext>
{
    public AccountsSqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AccountsSqliteDbContext>()
            .UseSqlite(PersistenceServiceCollectionExtensions.SqliteConnectionString(Path.GetTempPath(), "crm-design", AccountsDbContext.ModuleSchema))
            .Options);
}

internal sealed class AccountsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<AccountsSqlServerDbContext>
{
    public AccountsSqlServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AccountsSqlServerDbContext>()
            .UseSqlServer("Server=localhost;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True",
                sql => sql.MigrationsHistoryTable("__EFMigrationsHistory", AccountsDbContext.ModuleSchema))
            .Options);
}
