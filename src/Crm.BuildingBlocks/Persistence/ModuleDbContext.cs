using Crm.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// Base of every module's DbContext: it owns the module's outbox and inbox tables, so an integration event is
/// stored in the same SaveChanges (one transaction) as the state change that raised it.
/// </summary>
/// <remarks>
/// Each module has an abstract <c>XDbContext</c> plus three sealed provider subclasses (SQLite, PostgreSQL and SQL Server),
/// because EF Core scaffolds one migration set per context type (docs/adr/0004-dual-provider-migrations.md, ADR 0060).
/// </remarks>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Number of decimal places money keeps on every provider (SQLite stores it as scaled integers).</summary>
    public const int MoneyScale = 4;

    private const long MoneyFactor = 10_000;

    /// <summary>The module's schema on PostgreSQL and SQL Server (lower-case module name). SQLite has no schemas: one file per module instead.</summary>
    protected abstract string Schema { get; }

    /// <summary>
    /// True in a module whose records take custom fields (with <c>services.AddCustomFields&lt;TContext&gt;(…)</c>): the context
    /// then holds the field definitions and values beside the records, so they commit together (ADR 0120).
    /// </summary>
    protected internal virtual bool StoresCustomFields => false;

    internal DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    internal DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>The module's audit log: who changed which record, when, before and after.</summary>
    public DbSet<Auditing.AuditEntry> AuditEntries => Set<Auditing.AuditEntry>();

    /// <summary>
    /// Set by bulk operations (CSV import) that write one summary audit entry instead of one per row.
    /// </summary>
    public bool AuditSuppressed { get; set; }

    /// <summary>Queues an integration event in this module's outbox; it is stored by the next SaveChanges.</summary>
    public void AddIntegrationEvent(Crm.BuildingBlocks.PublicApi.IIntegrationEvent integrationEvent) =>
        OutboxMessages.Add(OutboxMessage.From(integrationEvent));

    /// <summary>
    /// Records that a one-time job (such as demo seeding) is done, in the same SaveChanges as the job's data. The record's
    /// key is the job's name, so when two nodes run the job at the same moment the second SaveChanges fails on that key
    /// and rolls back whole: the job's data is written once (ADR 0051). Catch the <see cref="DbUpdateException"/> and ask
    /// <see cref="IsDoneAsync"/>.
    /// </summary>
    public void MarkDone(string job) =>
        InboxMessages.Add(new InboxMessage { EventId = OneTimeJobId(job), Handler = OneTimeJobPrefix + job, ProcessedAtUtc = DateTime.UtcNow });

    /// <summary>Whether <see cref="MarkDone"/> was stored for <paramref name="job"/>, by this node or another.</summary>
    public Task<bool> IsDoneAsync(string job, CancellationToken cancellationToken)
    {
        var id = OneTimeJobId(job);
        var handler = OneTimeJobPrefix + job;
        return InboxMessages.AsNoTracking().AnyAsync(m => m.EventId == id && m.Handler == handler, cancellationToken);
    }

    private const string OneTimeJobPrefix = "once:";

    /// <summary>A stable id per job name, so every node computes the same key.</summary>
    private static Guid OneTimeJobId(string job) =>
        new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(OneTimeJobPrefix + job)));

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        MoveIntegrationEventsToOutbox();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        MoveIntegrationEventsToOutbox();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Stores many new entities (of one type) and the integration events they raised, for bulk work such as CSV imports.
    /// On SQLite this bypasses the change tracker with prepared INSERTs (<see cref="SqliteBulkInsert"/>); elsewhere it is
    /// a plain AddRange + SaveChanges. Call it inside a transaction so the whole batch stays all-or-nothing.
    /// </summary>
    public async Task BulkInsertAsync<TEntity>(IReadOnlyList<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (!Database.IsSqlite())
        {
            // The change tracker path: the interceptors (the owner's unit, audit) see these rows like any other.
            Set<TEntity>().AddRange(entities);
            await SaveChangesAsync(cancellationToken);
            ChangeTracker.Clear();
            return;
        }

        // The prepared INSERTs bypass the change tracker, so the owner's unit is stamped here (ADR 0101).
        var units = this.GetService<IDbContextOptions>().FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?
            .Interceptors?.OfType<Records.OwnedRecordUnits>().FirstOrDefault();
        if (units is not null)
        {
            await units.StampAsync(this, entities, cancellationToken);
        }

        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SqliteBulkInsert.InsertAsync(this, Model.FindEntityType(typeof(TEntity))!, entities, cancellationToken);
            var outbox = entities.OfType<IRaisesIntegrationEvents>().SelectMany(e => e.DequeueIntegrationEvents()).Select(OutboxMessage.From).ToList();
            if (outbox.Count > 0)
            {
                await SqliteBulkInsert.InsertAsync(this, Model.FindEntityType(typeof(OutboxMessage))!, outbox, cancellationToken);
            }
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    private void MoveIntegrationEventsToOutbox()
    {
        var raised = ChangeTracker.Entries<IRaisesIntegrationEvents>()
            .SelectMany(e => e.Entity.DequeueIntegrationEvents())
            .ToList();
        foreach (var integrationEvent in raised)
        {
            AddIntegrationEvent(integrationEvent);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (!Database.IsSqlite())
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new Auditing.AuditEntryConfiguration());
        if (StoresCustomFields)
        {
            modelBuilder.ApplyConfiguration(new CustomFields.CustomFieldDefinitionConfiguration());
            modelBuilder.ApplyConfiguration(new CustomFields.CustomFieldValueConfiguration());
        }

        base.OnModelCreating(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are UTC everywhere; the converter restores DateTimeKind.Utc that both providers drop on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();

        if (Database.IsSqlite())
        {
            // SQLite has no decimal type: EF would store TEXT and sort/sum on the client. Scaled integers keep
            // ORDER BY, comparisons and SUM exact in SQL (docs/adr/0005-money-on-sqlite.md).
            configurationBuilder.Properties<decimal>().HaveConversion<MoneyToScaledIntegerConverter>();
            configurationBuilder.Properties<decimal?>().HaveConversion<NullableMoneyToScaledIntegerConverter>();
        }
        else
        {
            // numeric(19,4) on PostgreSQL, decimal(19,4) on SQL Server: exact in SQL, sorted and summed natively.
            configurationBuilder.Properties<decimal>().HavePrecision(19, MoneyScale);
        }

        if (Database.IsNpgsql())
        {
            configurationBuilder.Conventions.Add(_ => new PostgreSqlIndexFilterConvention());
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? null : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));

    private sealed class MoneyToScaledIntegerConverter() : ValueConverter<decimal, long>(
        v => (long)decimal.Round(v * MoneyFactor, MidpointRounding.AwayFromZero),
        v => (decimal)v / MoneyFactor);

    private sealed class NullableMoneyToScaledIntegerConverter() : ValueConverter<decimal?, long?>(
        v => v == null ? null : (long)decimal.Round(v.Value * MoneyFactor, MidpointRounding.AwayFromZero),
        v => v == null ? null : (decimal)v.Value / MoneyFactor);
}
