using Crm.BuildingBlocks.Persistence;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Workflows.Persistence;

/// <summary>
/// Storage of the workflow server: definitions, instances, bookmarks, the journal, activity execution records and the
/// task inbox (human tasks, their history, out-of-office rules). It is not a business
/// module, but it gets a module database all the same (file <c>crm.workflows.db</c>, schema <c>workflows</c>), so the
/// migration runner, <c>/api/modules</c> and the <c>script</c> verb cover it.
/// </summary>
/// <remarks>
/// Add a migration to both providers with <c>scripts/add-migration.sh src/Crm.Workflows &lt;Name&gt;</c>.
/// </remarks>
internal abstract class WorkflowsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleName = "Workflows";

    public const string ModuleSchema = "workflows";

    public DbSet<WorkflowDefinitionRecord> WorkflowDefinitions => Set<WorkflowDefinitionRecord>();

    public DbSet<WorkflowInstanceRecord> WorkflowInstances => Set<WorkflowInstanceRecord>();

    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    public DbSet<WorkflowJournalRecord> WorkflowJournal => Set<WorkflowJournalRecord>();

    public DbSet<ActivityExecutionRecordEntity> ActivityExecutions => Set<ActivityExecutionRecordEntity>();

    public DbSet<HumanTask> HumanTasks => Set<HumanTask>();

    public DbSet<HumanTaskHistory> HumanTaskHistory => Set<HumanTaskHistory>();

    public DbSet<OutOfOfficeRule> OutOfOfficeRules => Set<OutOfOfficeRule>();

    public DbSet<TemplateImport> TemplateImports => Set<TemplateImport>();

    protected override string Schema => ModuleSchema;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new WorkflowDefinitionRecordConfiguration());
        modelBuilder.ApplyConfiguration(new WorkflowInstanceRecordConfiguration());
        modelBuilder.ApplyConfiguration(new BookmarkRecordConfiguration());
        modelBuilder.ApplyConfiguration(new WorkflowJournalRecordConfiguration());
        modelBuilder.ApplyConfiguration(new ActivityExecutionRecordConfiguration());
        modelBuilder.ApplyConfiguration(new HumanTaskConfiguration());
        modelBuilder.ApplyConfiguration(new HumanTaskHistoryConfiguration());
        modelBuilder.ApplyConfiguration(new OutOfOfficeRuleConfiguration());
        modelBuilder.ApplyConfiguration(new TemplateImportConfiguration());
    }
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.workflows.db</c>.</summary>
internal sealed class WorkflowsSqliteDbContext(DbContextOptions<WorkflowsSqliteDbContext> options) : WorkflowsDbContext(options);

/// <summary>Production on SQL Server: schema <c>workflows</c> in the shared database.</summary>
internal sealed class WorkflowsSqlServerDbContext(DbContextOptions<WorkflowsSqlServerDbContext> options) : WorkflowsDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>workflows</c> in the shared database (ADR 0060).</summary>
internal sealed class WorkflowsPostgreSqlDbContext(DbContextOptions<WorkflowsPostgreSqlDbContext> options) : WorkflowsDbContext(options);

internal sealed class WorkflowDefinitionRecordConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(100).ValueGeneratedNever();
        builder.Property(d => d.DefinitionId).HasMaxLength(100).IsRequired();
        builder.Property(d => d.Name).HasMaxLength(400).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(4000);
        builder.Property(d => d.CreatedBy).HasMaxLength(100);
        builder.Property(d => d.UpdatedBy).HasMaxLength(100);
        builder.Property(d => d.Data).IsRequired();
        builder.Property(d => d.RowVersion).IsConcurrencyToken();

        // Two writers racing to create "version n+1" of one definition: the second insert fails instead of forking history.
        builder.HasIndex(d => new { d.DefinitionId, d.Version }).IsUnique();
        builder.HasIndex(d => new { d.IsLatest, d.Name });
        builder.HasIndex(d => d.Name);
    }
}
