using Crm.Branches.Domain;
using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Persistence;

/// <summary>
/// The organisation's storage: units, memberships and reporting lines. Add a migration to all three providers with
/// <c>scripts/add-migration.sh Branches &lt;Name&gt;</c>.
/// </summary>
internal abstract class BranchesDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleSchema = "branches";

    public DbSet<OrgUnit> Units => Set<OrgUnit>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<ReportingLine> ReportingLines => Set<ReportingLine>();

    public DbSet<UnitCalendar> UnitCalendars => Set<UnitCalendar>();

    public DbSet<HolidayYear> HolidayYears => Set<HolidayYear>();

    protected override string Schema => ModuleSchema;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BranchesDbContext).Assembly);
    }
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.branches.db</c>.</summary>
internal sealed class BranchesSqliteDbContext(DbContextOptions<BranchesSqliteDbContext> options) : BranchesDbContext(options);

/// <summary>Production on SQL Server: schema <c>branches</c> in the shared database.</summary>
internal sealed class BranchesSqlServerDbContext(DbContextOptions<BranchesSqlServerDbContext> options) : BranchesDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>branches</c> in the shared database (ADR 0060).</summary>
internal sealed class BranchesPostgreSqlDbContext(DbContextOptions<BranchesPostgreSqlDbContext> options) : BranchesDbContext(options);
