using System.Text.Json;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Messaging;

/// <summary>An integration event waiting in (or delivered from) its producer's outbox.</summary>
internal sealed class OutboxMessage
{
    public long Id { get; private set; }

    public Guid EventId { get; private set; }

    /// <summary>"Full.Type.Name, AssemblyName": version-free so a redeploy can still read old rows.</summary>
    public string Type { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTime OccurredAtUtc { get; private set; }

    public DateTime? ProcessedAtUtc { get; set; }

    /// <summary>Set when the message gave up after <see cref="OutboxProcessor{TContext}.MaxAttempts"/>; kept for inspection.</summary>
    public DateTime? FailedAtUtc { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>Which dispatcher run claimed the row; lets several host processes drain one outbox safely.</summary>
    public Guid? LockId { get; set; }

    public DateTime? LockedUntilUtc { get; set; }

    public static OutboxMessage From(IIntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        return new OutboxMessage
        {
            EventId = integrationEvent.EventId,
            Type = TypeName(type),
            Payload = JsonSerializer.Serialize(integrationEvent, type, IntegrationEventJson.Options),
            OccurredAtUtc = integrationEvent.OccurredAtUtc,
        };
    }

    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.Type).HasMaxLength(500).IsRequired();
        builder.Property(m => m.Payload).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(4000);
        builder.HasIndex(m => m.EventId).IsUnique();
        builder.HasIndex(m => new { m.ProcessedAtUtc, m.FailedAtUtc, m.Id });
    }
}

internal static class IntegrationEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
