using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.Auditing;

public static class AuditExtensions
{
    /// <summary>Leaves a derived or bookkeeping column (search text, version, updated-by) out of audit diffs.</summary>
    public static PropertyBuilder<T> IsAuditIgnored<T>(this PropertyBuilder<T> property) =>
        property.HasAnnotation(AuditInterceptor.IgnoreAnnotation, true);
}
