using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Persistence;

/// <summary>
/// The Funnel module's storage. Handlers depend on this type; the active provider subclass is resolved for it.
/// </summary>
/// <remarks>
/// Add a migration to both providers with <c>scripts/add-migration.sh Funnel &lt;Name&gt;</c>.
/// </remarks>
internal abstract class FunnelDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleSchema = "funnel";

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();

    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<CampaignCost> CampaignCosts => Set<CampaignCost>();

    public DbSet<CampaignParticipant> CampaignParticipants => Set<CampaignParticipant>();

    public DbSet<CampaignReminder> CampaignReminders => Set<CampaignReminder>();

    public DbSet<Lead> Leads => Set<Lead>();

    public DbSet<LeadAssignment> LeadAssignments => Set<LeadAssignment>();

    public DbSet<FollowUp> FollowUps => Set<FollowUp>();

    public DbSet<Opportunity> Opportunities => Set<Opportunity>();

    public DbSet<OpportunityLine> OpportunityLines => Set<OpportunityLine>();

    public DbSet<OpportunityStageChange> OpportunityStageChanges => Set<OpportunityStageChange>();

    public DbSet<Quote> Quotes => Set<Quote>();

    public DbSet<QuoteLine> QuoteLines => Set<QuoteLine>();

    public DbSet<FunnelTotal> FunnelTotals => Set<FunnelTotal>();

    public DbSet<StageReach> StageReach => Set<StageReach>();

    public DbSet<AssignmentCursor> AssignmentCursors => Set<AssignmentCursor>();

    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();

    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    protected override string Schema => ModuleSchema;

    protected override bool StoresCustomFields => true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FunnelDbContext).Assembly);
        modelBuilder.HasRecordCollaborators();
    }
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.funnel.db</c>.</summary>
internal sealed class FunnelSqliteDbContext(DbContextOptions<FunnelSqliteDbContext> options) : FunnelDbContext(options);

/// <summary>Production on SQL Server: schema <c>funnel</c> in the shared database.</summary>
internal sealed class FunnelSqlServerDbContext(DbContextOptions<FunnelSqlServerDbContext> options) : FunnelDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>funnel</c> in the shared database (ADR 0060).</summary>
internal sealed class FunnelPostgreSqlDbContext(DbContextOptions<FunnelPostgreSqlDbContext> options) : FunnelDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // The search box matches any fragment, Chinese included: pg_trgm answers LIKE '%term%' from this index (ADR 0061).
        modelBuilder.HasTrigramIndex<Lead>(x => x.SearchText, "IX_Leads_SearchText_Trigram");
    }
}
