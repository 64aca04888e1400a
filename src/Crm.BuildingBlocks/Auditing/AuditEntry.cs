using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Auditing;

/// <summary>Who changed what, when, with the values before and after.</summary>
public sealed class AuditEntry
{
    /// <summary>The length of <see cref="EntityId"/> in every database.</summary>
    public const int EntityIdLength = 64;

    public long Id { get; init; }

    public Guid SubjectId { get; init; }

    public string Entity { get; init; } = "";

    public string EntityId { get; init; } = "";

    /// <summary>Created, Updated, Deleted, or a bulk action such as Imported.</summary>
    public string Action { get; init; } = "";

    /// <summary>JSON object: property → [before, after] for updates, property → value for deletes; null for creates.</summary>
    public string? Changes { get; init; }

    public string By { get; init; } = "";

    public DateTime AtUtc { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Entity).HasMaxLength(100);
        builder.Property(e => e.EntityId).HasMaxLength(AuditEntry.EntityIdLength);
        builder.Property(e => e.Action).HasMaxLength(30);
        builder.Property(e => e.By).HasMaxLength(100);
        builder.HasIndex(e => new { e.SubjectId, e.Id });
        builder.HasIndex(e => e.AtUtc);
    }
}
