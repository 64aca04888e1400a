using Crm.BuildingBlocks.Persistence;
using Crm.Sample.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sample.Persistence;

/// <summary>The Sample module's storage. Handlers depend on this type; the active provider subclass is resolved for it.</summary>
/// <remarks>Add a migration to all three providers with <c>scripts/add-migration.sh Sample &lt;Name&gt;</c>.</remarks>
internal abstract class SampleDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleSchema = "sample";

    public DbSet<Item> Items => Set<Item>();

    protected override string Schema => ModuleSchema;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SampleDbContext).Assembly);
    }
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.sample.db</c>.</summary>
internal sealed class SampleSqliteDbContext(DbContextOptions<SampleSqliteDbContext> options) : SampleDbContext(options);

/// <summary>Production on SQL Server: schema <c>sample</c> in the shared database.</summary>
internal sealed class SampleSqlServerDbContext(DbContextOptions<SampleSqlServerDbContext> options) : SampleDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>sample</c> in the shared database (ADR 0060).</summary>
internal sealed class SamplePostgreSqlDbContext(DbContextOptions<SamplePostgreSqlDbContext> options) : SampleDbContext(options);
