using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Accounts.Bench;

/// <summary>
/// Records the SQL EF Core sends and SQLite's EXPLAIN QUERY PLAN for it, with the real parameter values. Only the
/// separate "explain" service provider has it, so the timed runs carry no interceptor.
/// </summary>
internal sealed class PlanCapture : DbCommandInterceptor
{
    private readonly List<CapturedPlan> _captured = [];

    public IReadOnlyList<CapturedPlan> Captured => _captured;

    public void Clear() => _captured.Clear();

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await CaptureAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await CaptureAsync(command, cancellationToken);
        return result;
    }

    private async Task CaptureAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var explain = (SqliteCommand)command.Connection!.CreateCommand();
        explain.Transaction = (SqliteTransaction?)command.Transaction;
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var parameters = new StringBuilder();
        foreach (SqliteParameter p in command.Parameters)
        {
            explain.Parameters.Add(new SqliteParameter(p.ParameterName, p.Value ?? DBNull.Value) { SqliteType = p.SqliteType });
            parameters.Append(p.ParameterName).Append(" = ").Append(p.Value is string s ? $"'{s}'" : p.Value).Append("; ");
        }

        var rows = new List<(int Id, int Parent, string Detail)>();
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetString(3)));
            }
        }

        var depth = new Dictionary<int, int> { [0] = -1 };
        var plan = new StringBuilder();
        foreach (var (id, parent, detail) in rows)
        {
            depth[id] = (depth.TryGetValue(parent, out var d) ? d : -1) + 1;
            plan.Append(' ', depth[id] * 2).Append(detail).AppendLine();
        }

        _captured.Add(new CapturedPlan(command.CommandText, parameters.ToString().TrimEnd(), plan.ToString().TrimEnd()));
    }
}

internal sealed record CapturedPlan(string Sql, string Parameters, string Plan);
