using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.BuildingBlocks.Messaging;

/// <summary>
/// The outbox claim on PostgreSQL (ADR 0063). EF's <c>Take(n).ExecuteUpdate</c> becomes an UPDATE joined to a
/// <c>LIMIT n</c> subquery; under READ COMMITTED a second node's subquery picks the same rows, waits for the first
/// node's row locks and then updates them again, because PostgreSQL re-checks only the outer WHERE after the wait. Both
/// nodes would deliver the batch. <c>FOR UPDATE SKIP LOCKED</c> in the subquery makes the second node take the next
/// unclaimed rows instead, without waiting.
/// </summary>
internal static class PostgreSqlOutboxClaim
{
    public static Task<int> ClaimAsync(ModuleDbContext db, Guid lockId, DateTime nowUtc, DateTime lockedUntilUtc, int batchSize, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var name = sql.DelimitIdentifier(table.Name, table.Schema);
        var id = Column(nameof(OutboxMessage.Id));
        var lockedUntil = Column(nameof(OutboxMessage.LockedUntilUtc));

        // Only identifiers from the model are spliced in; the values are parameters.
        var statement =
            $"UPDATE {name} SET {Column(nameof(OutboxMessage.LockId))} = {{0}}, {lockedUntil} = {{1}} " +
            $"WHERE {id} IN (SELECT {id} FROM {name} " +
            $"WHERE {Column(nameof(OutboxMessage.ProcessedAtUtc))} IS NULL AND {Column(nameof(OutboxMessage.FailedAtUtc))} IS NULL " +
            $"AND ({lockedUntil} IS NULL OR {lockedUntil} < {{2}}) ORDER BY {id} LIMIT {{3}} FOR UPDATE SKIP LOCKED)";
        return db.Database.ExecuteSqlRawAsync(statement, [lockId, lockedUntilUtc, nowUtc, batchSize], cancellationToken);
    }
}
