using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Messaging;

/// <summary>Records that one handler of the consuming module processed one event, so a redelivery is skipped.</summary>
internal sealed class InboxMessage
{
    public Guid EventId { get; init; }

    public string Handler { get; init; } = "";

    public DateTime ProcessedAtUtc { get; init; }
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable("InboxMessages");
        builder.HasKey(m => new { m.EventId, m.Handler });
        builder.Property(m => m.Handler).HasMaxLength(300);
    }
}
