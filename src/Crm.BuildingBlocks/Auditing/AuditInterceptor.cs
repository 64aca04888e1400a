using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.BuildingBlocks.Auditing;

/// <summary>Adds audit entries for <see cref="IAuditable"/> changes to the same SaveChanges, so audit and data commit together.</summary>
internal sealed class AuditInterceptor(ICurrentUser user, TimeProvider clock) : SaveChangesInterceptor
{
    internal const string IgnoreAnnotation = "Crm:AuditIgnore";

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddEntries(DbContext? context)
    {
        if (context is not Persistence.ModuleDbContext db || db.AuditSuppressed)
        {
            return;
        }

        db.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAuditable && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => ToAudit(e, user.Id, now))
            .OfType<AuditEntry>()
            .ToList();
        db.Set<AuditEntry>().AddRange(entries);
    }

    private static AuditEntry? ToAudit(EntityEntry entry, string by, DateTime now)
    {
        var audited = entry.Properties.Where(p => p.Metadata.FindAnnotation(IgnoreAnnotation) is null && !p.Metadata.IsShadowProperty()).ToList();
        string? changes = null;
        string action;
        switch (entry.State)
        {
            case EntityState.Added:
                action = "Created";
                break;
            case EntityState.Deleted:
                action = "Deleted";
                changes = JsonSerializer.Serialize(audited.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue));
                break;
            default:
                var modified = audited.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                if (modified.Count == 0)
                {
                    return null;
                }

                action = "Updated";
                changes = JsonSerializer.Serialize(modified.ToDictionary(p => p.Metadata.Name, p => new[] { p.OriginalValue, p.CurrentValue }));
                break;
        }

        var key = entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()) ?? [];
        return new AuditEntry
        {
            SubjectId = ((IAuditable)entry.Entity).AuditSubjectId,
            Entity = entry.Metadata.ClrType.Name,
            EntityId = EntityIdOf(key),
            Action = action,
            Changes = changes,
            By = by,
            AtUtc = now,
        };
    }

    /// <summary>
    /// The record's key as text, at most <see cref="AuditEntry.EntityIdLength"/> characters: a composite key (a custom
    /// value is entity type/record/field/position, with field keys of up to 60 characters) can be longer than the
    /// column, which PostgreSQL and SQL Server refuse. The end is kept, as it says which part of the record changed;
    /// the record itself is the entry's subject.
    /// </summary>
    private static string EntityIdOf(IEnumerable<string?> key)
    {
        var id = string.Join('/', key);
        return id.Length <= AuditEntry.EntityIdLength ? id : id[^AuditEntry.EntityIdLength..];
    }
}
