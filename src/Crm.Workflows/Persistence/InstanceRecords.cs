using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Workflows.Persistence;

/// <summary>
/// One workflow instance. <see cref="State"/> holds the whole <c>WorkflowState</c> as JSON (what the engine needs to
/// continue); the columns are copies of the fields the instance list filters and sorts on. Times are UTC
/// <see cref="DateTime"/>s because SQLite cannot compare or order <see cref="DateTimeOffset"/> columns.
/// </summary>
internal sealed class WorkflowInstanceRecord
{
    public required string Id { get; init; }

    public required string DefinitionId { get; set; }

    public required string DefinitionVersionId { get; set; }

    public int Version { get; set; }

    public string? Name { get; set; }

    public string Status { get; set; } = "";

    public string SubStatus { get; set; } = "";

    public string? CorrelationId { get; set; }

    public int IncidentCount { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public string State { get; set; } = "{}";

    /// <summary>
    /// Optimistic concurrency token, incremented on every burst: two bursts that read the same state (a resume racing a
    /// cancel) cannot both write it back.
    /// </summary>
    public long RowVersion { get; set; }
}

/// <summary>
/// A wait point of a suspended instance, copied out of its state so a stimulus finds it with one indexed lookup:
/// by <see cref="Hash"/> (an event) or by <see cref="ResumeAtUtc"/> (a due timer). Deleting the row is what claims it:
/// a resume proceeds only if its delete removed exactly this one row.
/// </summary>
internal sealed class BookmarkRecord
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required string Hash { get; init; }

    public string ActivityId { get; init; } = "";

    public string ActivityNodeId { get; init; } = "";

    public string ActivityInstanceId { get; init; } = "";

    /// <summary>The instance's correlation id, so an event addressed to a correlation needs no join.</summary>
    public string? CorrelationId { get; init; }

    public string Payload { get; init; } = "{}";

    public DateTime? ResumeAtUtc { get; init; }

    public DateTime CreatedAtUtc { get; init; }
}

/// <summary>One entry of an instance's journal (Studio's execution log), keyed by instance and sequence.</summary>
internal sealed class WorkflowJournalRecord
{
    public required string InstanceId { get; init; }

    public long Sequence { get; init; }

    public required string Id { get; init; }

    public required string ActivityInstanceId { get; init; }

    public string? ParentActivityInstanceId { get; init; }

    public required string ActivityId { get; init; }

    public required string ActivityType { get; init; }

    public int ActivityTypeVersion { get; init; }

    public string? ActivityName { get; init; }

    public required string NodeId { get; init; }

    public DateTime TimestampUtc { get; init; }

    public required string EventName { get; init; }

    public string? Message { get; init; }

    public string? Source { get; init; }

    public string? ActivityState { get; init; }

    public string? Payload { get; init; }
}

/// <summary>
/// Elsa's ActivityExecutionRecord: one execution of one activity. Upserted by id, because an activity that suspends
/// in one burst completes in a later one under the same id.
/// </summary>
internal sealed class ActivityExecutionRecordEntity
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public string ActivityId { get; set; } = "";

    public string ActivityNodeId { get; set; } = "";

    public string ActivityType { get; set; } = "";

    public int ActivityTypeVersion { get; set; }

    public string? ActivityName { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    public string Status { get; set; } = "";

    public bool HasBookmarks { get; set; }

    public int AggregateFaultCount { get; set; }

    public string? SchedulingActivityExecutionId { get; set; }

    public string? SchedulingActivityId { get; set; }

    public int CallStackDepth { get; set; }

    public string? ActivityState { get; set; }

    public string? Payload { get; set; }

    public string? Outputs { get; set; }

    public string? Exception { get; set; }
}

internal sealed class WorkflowInstanceRecordConfiguration : IEntityTypeConfiguration<WorkflowInstanceRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowInstanceRecord> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasMaxLength(100).ValueGeneratedNever();
        builder.Property(i => i.DefinitionId).HasMaxLength(100).IsRequired();
        builder.Property(i => i.DefinitionVersionId).HasMaxLength(100).IsRequired();
        builder.Property(i => i.Name).HasMaxLength(400);
        builder.Property(i => i.Status).HasMaxLength(20).IsRequired();
        builder.Property(i => i.SubStatus).HasMaxLength(20).IsRequired();
        builder.Property(i => i.CorrelationId).HasMaxLength(200);
        builder.Property(i => i.State).IsRequired();
        builder.Property(i => i.RowVersion).IsConcurrencyToken();

        // The instance list's filters and its default order (newest first).
        builder.HasIndex(i => new { i.DefinitionId, i.CreatedAtUtc });
        builder.HasIndex(i => new { i.Status, i.SubStatus });
        builder.HasIndex(i => i.CorrelationId);
        builder.HasIndex(i => i.CreatedAtUtc);
        builder.HasIndex(i => i.UpdatedAtUtc);
    }
}

internal sealed class BookmarkRecordConfiguration : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> builder)
    {
        builder.ToTable("Bookmarks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasMaxLength(100).ValueGeneratedNever();
        builder.Property(b => b.InstanceId).HasMaxLength(100).IsRequired();
        builder.Property(b => b.Name).HasMaxLength(200).IsRequired();
        builder.Property(b => b.Hash).HasMaxLength(64).IsRequired();
        builder.Property(b => b.ActivityId).HasMaxLength(100);
        builder.Property(b => b.ActivityNodeId).HasMaxLength(1000);
        builder.Property(b => b.ActivityInstanceId).HasMaxLength(100);
        builder.Property(b => b.CorrelationId).HasMaxLength(200);
        builder.Property(b => b.Payload).IsRequired();
        builder.HasIndex(b => b.Hash);
        builder.HasIndex(b => b.ResumeAtUtc);
        builder.HasIndex(b => b.InstanceId);
    }
}

internal sealed class WorkflowJournalRecordConfiguration : IEntityTypeConfiguration<WorkflowJournalRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalRecord> builder)
    {
        builder.ToTable("WorkflowJournal");
        builder.HasKey(j => new { j.InstanceId, j.Sequence });
        builder.Property(j => j.InstanceId).HasMaxLength(100);
        builder.Property(j => j.Id).HasMaxLength(100).IsRequired();
        builder.Property(j => j.ActivityInstanceId).HasMaxLength(100).IsRequired();
        builder.Property(j => j.ParentActivityInstanceId).HasMaxLength(100);
        builder.Property(j => j.ActivityId).HasMaxLength(100).IsRequired();
        builder.Property(j => j.ActivityType).HasMaxLength(400).IsRequired();
        builder.Property(j => j.ActivityName).HasMaxLength(400);
        builder.Property(j => j.NodeId).HasMaxLength(1000).IsRequired();
        builder.Property(j => j.EventName).HasMaxLength(50).IsRequired();
        builder.Property(j => j.Source).HasMaxLength(400);
    }
}

internal sealed class ActivityExecutionRecordConfiguration : IEntityTypeConfiguration<ActivityExecutionRecordEntity>
{
    public void Configure(EntityTypeBuilder<ActivityExecutionRecordEntity> builder)
    {
        builder.ToTable("ActivityExecutions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(100).ValueGeneratedNever();
        builder.Property(r => r.InstanceId).HasMaxLength(100).IsRequired();
        builder.Property(r => r.ActivityId).HasMaxLength(100).IsRequired();
        builder.Property(r => r.ActivityNodeId).HasMaxLength(1000).IsRequired();
        builder.Property(r => r.ActivityType).HasMaxLength(400).IsRequired();
        builder.Property(r => r.ActivityName).HasMaxLength(400);
        builder.Property(r => r.Status).HasMaxLength(20).IsRequired();
        builder.Property(r => r.SchedulingActivityExecutionId).HasMaxLength(100);
        builder.Property(r => r.SchedulingActivityId).HasMaxLength(100);

        // Studio asks per instance, usually for one node.
        builder.HasIndex(r => new { r.InstanceId, r.ActivityNodeId });
    }
}
