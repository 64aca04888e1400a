using Microsoft.EntityFrameworkCore;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// Options for the design-time factories `dotnet ef` uses to scaffold migrations (scripts/add-migration.sh). No
/// database is opened; the SQL Server and PostgreSQL options only fix the provider and the module's history-table schema.
/// </summary>
public static class DesignTimeOptions
{
    public static DbContextOptions<TContext> Sqlite<TContext>(string schema)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseSqlite(PersistenceServiceCollectionExtensions.SqliteConnectionString(Path.GetTempPath(), "crm-design", schema))
            .Options;

    public static DbContextOptions<TContext> SqlServer<TContext>(string schema)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseSqlServer("Server=localhost;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True",
                sql => sql.MigrationsHistoryTable("__EFMigrationsHistory", schema))
            .Options;

    public static DbContextOptions<TContext> PostgreSql<TContext>(string schema)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=crm", PersistenceServiceCollectionExtensions.PostgreSqlOptions(schema))
            .Options;
}
