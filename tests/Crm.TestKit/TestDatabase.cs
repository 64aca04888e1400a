using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Crm.TestKit;

/// <summary>
/// Which database the integration tests run on. SQLite files by default; the PostgreSQL lane (ADR 0064) sets
/// <c>CRM_TEST_PROVIDER=PostgreSql</c> and <c>CRM_TEST_POSTGRES</c> (a connection string of a role that may create
/// databases), and every <see cref="CrmApp"/> then gets a database of its own, created empty and dropped on dispose.
/// </summary>
public static class TestDatabase
{
    /// <summary>The lane's trait: <c>[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]</c> on a class that must pass on PostgreSQL.</summary>
    public const string Lane = "Lane";

    public const string PostgreSqlLane = "PostgreSql";

    /// <summary>
    /// The trait of tests that only make sense on PostgreSQL (<c>[Trait(TestDatabase.Provider, TestDatabase.PostgreSqlOnly)]</c>):
    /// CI's main run leaves them out (<c>--filter Provider!=PostgreSqlOnly</c>) because the lane runs them.
    /// </summary>
    public const string Provider = "Provider";

    public const string PostgreSqlOnly = "PostgreSqlOnly";

    /// <summary>The server the lane uses, or null on a machine without one.</summary>
    public static string? PostgreSqlServer => Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>True when this run puts the host on PostgreSQL (<c>CRM_TEST_PROVIDER=PostgreSql</c>).</summary>
    public static bool OnPostgreSql =>
        string.Equals(Environment.GetEnvironmentVariable("CRM_TEST_PROVIDER"), PostgreSqlLane, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a PostgreSQL-only test cannot run here, or null. CI sets <c>CRM_REQUIRE_POSTGRES=1</c>: a missing server fails there.</summary>
    public static string? WhyNoPostgreSql() =>
        PostgreSqlServer is null && Environment.GetEnvironmentVariable("CRM_REQUIRE_POSTGRES") != "1"
            ? "No PostgreSQL: set CRM_TEST_POSTGRES to a connection string of a role that may create databases (see .ci/run)."
            : null;

    /// <summary>
    /// A module table's name for a test's raw SQL on either provider: <c>"Accounts"</c> in the module's SQLite file,
    /// <c>"accounts"."Accounts"</c> in the module's schema on PostgreSQL. Write column names in double quotes too.
    /// </summary>
    public static string Table(DbContext db, string table) =>
        db.Database.IsNpgsql() ? $"\"{db.Model.GetDefaultSchema()}\".\"{table}\"" : $"\"{table}\"";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreatePostgreSqlDatabase()
    {
        var server = PostgreSqlServer
                     ?? throw new InvalidOperationException("CRM_TEST_POSTGRES is not set: the PostgreSQL lane needs a server (see .ci/run).");
        var name = "crm_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // UTF-8 with code-point order, the order SQLite's BINARY collation gives, whatever the cluster's default locale.
            command.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreatePostgreSqlDatabase"/>, closing what still holds it.</summary>
    public static void DropPostgreSqlDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgreSqlServer);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}

/// <summary>A test that needs a PostgreSQL server: skipped without one, unless <c>CRM_REQUIRE_POSTGRES=1</c> (CI).</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute() => Skip = TestDatabase.WhyNoPostgreSql();
}

/// <summary>A parametrised test that needs a PostgreSQL server, like <see cref="PostgreSqlFactAttribute"/>.</summary>
public sealed class PostgreSqlTheoryAttribute : TheoryAttribute
{
    public PostgreSqlTheoryAttribute() => Skip = TestDatabase.WhyNoPostgreSql();
}
