using Crm.BuildingBlocks.Auditing;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Records;

public static class AuditedRecordConfiguration
{
    /// <summary>Maps the <see cref="AuditedRecord"/> columns the same way in every module.</summary>
    public static EntityTypeBuilder<T> ConfigureAudited<T>(this EntityTypeBuilder<T> builder)
        where T : AuditedRecord
    {
        builder.Property(r => r.CreatedBy).HasMaxLength(100);

        // The audit log already says who changed what and when; repeating it in every diff says nothing.
        builder.Property(r => r.UpdatedBy).HasMaxLength(100).IsAuditIgnored();
        builder.Property(r => r.UpdatedAtUtc).IsAuditIgnored();

        // The concurrency token turns a write that lost a race into DbUpdateConcurrencyException, which answers 412
        // like a stale If-Match (ADR 0066).
        builder.Property(r => r.Version).IsConcurrencyToken().IsAuditIgnored();
        return builder;
    }
}
