using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Workflows.Persistence;

// Used only by `dotnet ef` (scripts/add-migration.sh); no database is opened to scaffold a migration.
internal sealed class WorkflowsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsSqliteDbContext>
{
    public WorkflowsSqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkflowsSqliteDbContext>()
            .UseSqlite(PersistenceServiceCollectionExtensions.SqliteConnectionString(Path.GetTempPath(), "crm-design", WorkflowsDbContext.ModuleSchema))
            .Options);
}

internal sealed class WorkflowsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsSqlServerDbContext>
{
    public WorkflowsSqlServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkflowsSqlServerDbContext>()
            .UseSqlServer("Server=localhost;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True",
                sql => sql.MigrationsHistoryTable("__EFMigrationsHistory", WorkflowsDbContext.ModuleSchema))
            .Options);
}
