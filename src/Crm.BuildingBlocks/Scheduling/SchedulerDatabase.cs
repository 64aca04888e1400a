using System.Data.Common;
using Crm.BuildingBlocks.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// The Quartz job store's tables as one more "module database": created at start-up (or by the <c>migrate</c> verb),
/// scripted by the <c>script</c> verb, listed by /api/modules as the service "Scheduler" and checked by /health.
/// SQLite: its own file <c>crm.scheduler.db</c> beside the modules' files. PostgreSQL and SQL Server: schema <c>scheduler</c>.
/// </summary>
/// <remarks>
/// The tables are not an EF Core model: Quartz owns their contents and its schema is versioned by Quartz, not by our
/// migrations. Every statement creates only what is missing, so "migrating" is running them all again.
/// </remarks>
internal sealed class SchedulerDatabase(DatabaseProvider provider, string connectionString) : IModuleDatabase
{
    public const string Name = "Scheduler";

    public string ModuleName => Name;

    public DatabaseProvider Provider => provider;

    public string ConnectionString => connectionString;

    public async Task<MigrationState> GetStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (provider == DatabaseProvider.Sqlite && !File.Exists(new SqliteConnectionStringBuilder(connectionString).DataSource))
            {
                return Pending();
            }

            await using var connection = Open();
            await connection.OpenAsync(cancellationToken);
            var present = await ExistingTablesAsync(connection, cancellationToken);
            return SchedulerSchema.Tables.All(t => present.Contains(SchedulerSchema.TablePrefix + t.Name))
                ? new MigrationState(MigrationState.UpToDate, [SchedulerSchema.Version], [])
                : Pending();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            return new MigrationState(MigrationState.Unavailable, [], [SchedulerSchema.Version], ex.Message);
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> statements;
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            statements = SchedulerSchema.SqliteStatements();
        }
        else
        {
            statements = provider == DatabaseProvider.PostgreSql ? SchedulerSchema.PostgreSqlStatements() : SchedulerSchema.SqlServerStatements();
        }

        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        if (provider == DatabaseProvider.Sqlite)
        {
            // Stored in the file: Quartz's own connections then read while a node writes (ADR 0016).
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // One transaction: two nodes starting together serialize here, and a failed start leaves no half schema.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Two nodes running CREATE TABLE IF NOT EXISTS at once can still collide on PostgreSQL's catalog (a unique
            // violation, not a wait); a transaction-scoped advisory lock makes the second wait, then find everything there.
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        }

        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public string GenerateIdempotentScript() => provider switch
    {
        DatabaseProvider.SqlServer => SchedulerSchema.SqlServerScript(),
        DatabaseProvider.PostgreSql => string.Join(";\n\n", SchedulerSchema.PostgreSqlStatements()) + ";\n",
        _ => string.Join(";\n\n", SchedulerSchema.SqliteStatements()) + ";\n",
    };

    /// <summary>An arbitrary constant: the advisory lock only has to be the same on every node ("crm-scheduler").</summary>
    private const long AdvisoryLockKey = 0x63726D5F7363;

    /// <summary>Quartz's tables have no EF Core model, so there is nothing a migration could be missing.</summary>
    public bool HasPendingModelChanges() => false;

    private DbConnection Open() => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(connectionString),
        DatabaseProvider.PostgreSql => new NpgsqlConnection(connectionString),
        _ => new SqlConnection(connectionString),
    };

    private static MigrationState Pending() => new(MigrationState.PendingStatus, [], [SchedulerSchema.Version]);

    private async Task<HashSet<string>> ExistingTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = provider switch
        {
            DatabaseProvider.Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
            DatabaseProvider.PostgreSql => $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{SchedulerSchema.SqlServerSchema}'",
            _ => $"SELECT t.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = N'{SchedulerSchema.SqlServerSchema}'",
        };
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
