using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// <c>synchronous=NORMAL</c> on every SQLite connection. In WAL mode this keeps every committed transaction when the
/// process is killed (only an operating-system crash or power cut can lose the last commits), and it removes the disk
/// flush from each commit: one-row commits measured 0.94 ms p50 with FULL against 0.01 ms with NORMAL
/// (bench/results/workflows-persisted-2026-11-22.md). The setting is per connection, so it is applied on open.
/// <para>
/// <c>busy_timeout</c>: a writer that finds the database locked by another connection's transaction waits inside SQLite,
/// which retries within a millisecond or two of the lock being released. Without it Microsoft.Data.Sqlite retries on its
/// own after 150 ms sleeps, which showed as a ~150 ms p99 on two concurrent workflow writers
/// (bench/results/workflows-persisted-2026-11-23-2.md). After the second, the provider's own retry loop (bounded by the
/// command timeout) takes over as before.
/// </para>
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=1000;";
        command.ExecuteNonQuery();
    }
}
