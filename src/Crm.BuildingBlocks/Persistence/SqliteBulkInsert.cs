using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// Inserts many new entities with one prepared INSERT per table. EF Core's SQLite provider sends one statement per row and
/// SQLite compiles each one again, which measured ~650 µs per imported account (bench/README.md); a prepared statement
/// re-bound per row costs a few µs. Columns, converters and parameter types come from the EF model, so the rows are
/// exactly what SaveChanges would write. Runs in the caller's transaction.
/// </summary>
internal static class SqliteBulkInsert
{
    public static async Task InsertAsync(DbContext db, IEntityType entityType, IEnumerable<object> entities, CancellationToken cancellationToken)
    {
        var table = entityType.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        // Store-generated keys (INTEGER PRIMARY KEY) are left to SQLite, as EF would.
        var properties = entityType.GetProperties()
            .Where(p => !(p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd && p.IsPrimaryKey()))
            .ToList();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{table}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(store)}\""))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i))});";
        var mappings = properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToList();
        var getters = properties.Select(p => p.GetGetter()).ToList();
        foreach (var entity in entities)
        {
            command.Parameters.Clear();
            for (var i = 0; i < properties.Count; i++)
            {
                var value = getters[i].GetClrValueUsingContainingEntity(entity);
                command.Parameters.Add(mappings[i].CreateParameter(command, "@p" + i, value, properties[i].IsNullable));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
