using Crm.Accounts.Domain;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Persistence;

/// <summary>
/// The Accounts module's storage. Handlers depend on this type; the active provider subclass is resolved for it.
/// </summary>
/// <remarks>
/// Add a migration to both providers with <c>scripts/add-migration.sh Accounts &lt;Name&gt;</c>.
/// </remarks>
internal abstract class AccountsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleSchema = "accounts";

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<StageChange> StageChanges => Set<StageChange>();

    public DbSet<Interaction> Interactions => Set<Interaction>();

    protected override string Schema => ModuleSchema;

    protected override bool StoresCustomFields => true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AccountsDbContext).Assembly);
        modelBuilder.HasRecordCollaborators();
    }
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.accounts.db</c>.</summary>
internal sealed class AccountsSqliteDbContext(DbContextOptions<AccountsSqliteDbContext> options) : AccountsDbContext(options);

/// <summary>Production on SQL Server: schema <c>accounts</c> in the shared database.</summary>
internal sealed class AccountsSqlServerDbContext(DbContextOptions<AccountsSqlServerDbContext> options) : AccountsDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>accounts</c> in the shared database (ADR 0060).</summary>
internal sealed class AccountsPostgreSqlDbContext(DbContextOptions<AccountsPostgreSqlDbContext> options) : AccountsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // The search box matches any fragment, Chinese included: pg_trgm answers LIKE '%term%' from this index (ADR 0061).
        modelBuilder.HasTrigramIndex<Account>(x => x.SearchText, "IX_Accounts_SearchText_Trigram");
    }
}
