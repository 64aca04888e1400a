using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crm.Accounts.Domain;
using Microsoft.Data.Sqlite;

namespace Crm.Accounts.Bench;

/// <summary>
/// Bulk-loads the Accounts table with raw prepared INSERTs. The values come from <see cref="Account.Create"/>, so
/// normalized keys and SearchText are exactly what the application would store; the FTS triggers of the migration fire
/// for every row, so search sees the data like it sees rows written by EF.
/// </summary>
internal static class Filler
{
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private static readonly string[] Columns =
    [
        "Id", "Name", "Kind", "Type", "PartnerType", "Stage", "StageChangedAtUtc", "Source", "Industry", "TaxId", "Email", "Phone",
        "Website", "City", "Address", "Notes", "OwnerId", "BranchId", "CreditLimit", "CreditStatus", "Tags", "LastContactAtUtc",
        "CreatedAtUtc", "CreatedBy", "UpdatedAtUtc", "UpdatedBy", "ArchivedAtUtc", "Version", "TaxIdNormalized", "EmailNormalized",
        "PhoneNormalized", "SearchText",
    ];

    public static async Task<TimeSpan> FillAsync(string connectionString, int rows, DateTime nowUtc, Action<string> log)
    {
        var started = Stopwatch.StartNew();
        // A private, unpooled connection: the journal mode can only leave WAL when no other connection has the file open.
        SqliteConnection.ClearAllPools();
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();

        // Bulk-load settings, for this connection only: a crash mid-fill just means "fill again".
        // DELETE journal instead of WAL: pages appended to a fresh file are not journaled at all, whereas WAL would copy
        // every one of them (gigabytes) into the -wal file first.
        var mode = await ScalarAsync(connection, "PRAGMA journal_mode=DELETE;");
        if (!string.Equals(mode as string, "delete", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Could not leave WAL for the bulk load (journal_mode is {mode}); is another process using the file?");
        }

        await ExecAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;");

        // Secondary indexes are dropped and rebuilt from their own DDL: one sort per index instead of a million random
        // B-tree inserts into eleven indexes. The schema afterwards is byte-for-byte what the migration created.
        var indexes = new List<(string Name, string Sql)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Accounts' AND sql IS NOT NULL;";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        foreach (var (name, _) in indexes)
        {
            await ExecAsync(connection, $"DROP INDEX \"{name}\";", transaction);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO Accounts ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))});";
        var p = Columns.ToDictionary(c => c, c => insert.Parameters.Add("$" + c, SqliteType.Text));
        p["CreditLimit"].SqliteType = SqliteType.Integer;
        p["Version"].SqliteType = SqliteType.Integer;
        insert.Prepare();

        var generator = new DataGenerator(seed: 20261122, nowUtc, emailPrefix: "info", phonePrefix: "13", taxPrefix: "913100");
        var batch = Stopwatch.StartNew();
        for (var n = 0; n < rows; n++)
        {
            var g = generator.Next(n);
            // Built through the domain so every derived column (normalised keys, search text) is exactly what the app stores.
            var a = Account.Create(g.Details, g.Stage, g.OwnerId, "bench", g.CreatedAtUtc);
            p["Id"].Value = GuidText(g.Id);
            p["Name"].Value = a.Name;
            p["Kind"].Value = a.Kind.ToString();
            p["Type"].Value = a.Type.ToString();
            p["PartnerType"].Value = (object?)a.PartnerType?.ToString() ?? DBNull.Value;
            p["Stage"].Value = a.Stage.ToString();
            p["StageChangedAtUtc"].Value = Date(g.StageChangedAtUtc);
            p["Source"].Value = a.Source.ToString();
            p["Industry"].Value = Text(a.Industry);
            p["TaxId"].Value = Text(a.TaxId);
            p["Email"].Value = Text(a.Email);
            p["Phone"].Value = Text(a.Phone);
            p["Website"].Value = Text(a.Website);
            p["City"].Value = Text(a.City);
            p["Address"].Value = Text(a.Address);
            p["Notes"].Value = Text(a.Notes);
            p["OwnerId"].Value = a.OwnerId is { } owner ? GuidText(owner) : DBNull.Value;
            p["BranchId"].Value = a.BranchId is { } branch ? GuidText(branch) : DBNull.Value;
            // ModuleDbContext stores money on SQLite as integers scaled by 10^MoneyScale.
            p["CreditLimit"].Value = (long)(a.CreditLimit * 10_000m);
            p["CreditStatus"].Value = a.CreditStatus.ToString();
            p["Tags"].Value = JsonSerializer.Serialize(a.Tags);
            p["LastContactAtUtc"].Value = g.LastContactAtUtc is { } last ? Date(last) : DBNull.Value;
            p["CreatedAtUtc"].Value = Date(a.CreatedAtUtc);
            p["CreatedBy"].Value = a.CreatedBy;
            p["UpdatedAtUtc"].Value = Date(g.UpdatedAtUtc);
            p["UpdatedBy"].Value = a.UpdatedBy;
            p["ArchivedAtUtc"].Value = g.ArchivedAtUtc is { } archived ? Date(archived) : DBNull.Value;
            p["Version"].Value = a.Version;
            p["TaxIdNormalized"].Value = Text(a.TaxIdNormalized);
            p["EmailNormalized"].Value = Text(a.EmailNormalized);
            p["PhoneNormalized"].Value = Text(a.PhoneNormalized);
            p["SearchText"].Value = a.SearchText;
            await insert.ExecuteNonQueryAsync();

            if ((n + 1) % 100_000 == 0)
            {
                log($"  {n + 1:N0} rows ({100_000 / batch.Elapsed.TotalSeconds:N0} rows/s)");
                batch.Restart();
            }
        }

        var rebuild = Stopwatch.StartNew();
        foreach (var (_, sql) in indexes)
        {
            await ExecAsync(connection, sql + ";", transaction);
        }

        log($"  rebuilt {indexes.Count} indexes in {rebuild.Elapsed.TotalSeconds:N1} s");
        await transaction.CommitAsync();

        // Back to the mode MigrateAsync leaves behind, so the measured database is configured like a real one.
        await ScalarAsync(connection, "PRAGMA journal_mode=WAL;");
        return started.Elapsed;
    }

    /// <summary>EF Core's SQLite provider stores Guids as upper-case text; keyset and filters compare them as text.</summary>
    public static string GuidText(Guid id) => id.ToString("D").ToUpperInvariant();

    /// <summary>The text layout EF Core's SQLite provider uses for DateTime, so range filters compare like with like.</summary>
    public static string Date(DateTime value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static object Text(string? value) => (object?)value ?? DBNull.Value;

    public static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }
}
