using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Persistence;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The PostgreSQL provider on a real server (ADR 0060–0064): every store migrates from an empty database into its own
/// schema, money and times are stored natively, the Quartz store is clustered on Quartz's own schema, and search finds
/// Chinese fragments through the trigram index. Skipped without a server, failed without one in CI.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
[Trait(TestDatabase.Provider, TestDatabase.PostgreSqlOnly)]
public sealed class PostgreSqlTests
{
    private static readonly string[] Schemas = ["accounts", "branches", "funnel", "identity", "workflows", "notifications", "scheduler"];

    [PostgreSqlFact]
    public async Task Every_store_migrates_from_empty_into_its_own_schema_and_a_second_start_finds_nothing_to_do()
    {
        var database = TestDatabase.CreatePostgreSqlDatabase();
        try
        {
            using (var first = App(database))
            {
                await AssertEveryStoreIsUpToDate(first);
            }

            // A second host on the same database (a restart, or another node) re-runs the scheduler's statements and
            // finds every EF migration applied.
            using var second = App(database);
            await AssertEveryStoreIsUpToDate(second);

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            foreach (var schema in Schemas)
            {
                Assert.True(await ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{schema}'") > 0,
                    $"Schema {schema} has no tables.");
            }

            Assert.Equal(0, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        finally
        {
            TestDatabase.DropPostgreSqlDatabase(database);
        }
    }

    [PostgreSqlFact]
    public async Task Money_is_numeric_and_times_are_timestamps_with_time_zone_holding_utc()
    {
        var database = TestDatabase.CreatePostgreSqlDatabase();
        try
        {
            using var app = App(database, "Accounts");
            var client = app.CreateClient();
            var before = DateTime.UtcNow.AddSeconds(-5);
            var created = await (await client.PostAsJsonAsync("/api/accounts", new { name = "Numeric Co", creditLimit = 1234567.89m }))
                .ShouldHave(HttpStatusCode.Created);
            var id = (await created.ReadJson()).GetProperty("id").GetGuid();

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            Assert.Equal("numeric(19,4)", await ScalarAsync<string>(connection,
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts.\"Accounts\"'::regclass AND attname = 'CreditLimit'"));
            Assert.Equal("timestamp with time zone", await ScalarAsync<string>(connection,
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts.\"Accounts\"'::regclass AND attname = 'CreatedAtUtc'"));
            Assert.Equal(1234567.89m, await ScalarAsync<decimal>(connection, $"SELECT \"CreditLimit\" FROM accounts.\"Accounts\" WHERE \"Id\" = '{id}'"));
            // Read in a session of another zone: a timestamptz is an instant, so the UTC value comes back unchanged.
            await ExecuteAsync(connection, "SET TIME ZONE 'Asia/Shanghai'");
            var stored = await ScalarAsync<DateTime>(connection, $"SELECT \"CreatedAtUtc\" FROM accounts.\"Accounts\" WHERE \"Id\" = '{id}'");
            Assert.Equal(DateTimeKind.Utc, stored.Kind);
            Assert.InRange(stored, before, DateTime.UtcNow.AddSeconds(5));

            var read = await (await client.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.OK);
            Assert.Equal(1234567.89m, (await read.ReadJson()).GetProperty("creditLimit").GetDecimal());
        }
        finally
        {
            TestDatabase.DropPostgreSqlDatabase(database);
        }
    }

    [PostgreSqlFact]
    public async Task The_scheduler_store_is_Quartz_own_PostgreSql_schema_and_a_node_checks_in_clustered()
    {
        var database = TestDatabase.CreatePostgreSqlDatabase();
        try
        {
            using var app = App(database, "Accounts");
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.True(await scheduler.Exists(new JobKey("accounts-outbox", "outbox")));

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM scheduler.qrtz_scheduler_state WHERE instance_name = '{scheduler.SchedulerInstanceId}'") == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The node never checked in: is the store clustered?");
                await Task.Delay(100);
            }

            // Quartz's own script, so its PostgreSQL delegate reads the types it was written for (bool flags, not bits).
            Assert.Equal("boolean", await ScalarAsync<string>(connection,
                "SELECT data_type FROM information_schema.columns WHERE table_schema = 'scheduler' AND table_name = 'qrtz_job_details' AND column_name = 'is_durable'"));
        }
        finally
        {
            TestDatabase.DropPostgreSqlDatabase(database);
        }
    }

    [PostgreSqlFact]
    public async Task Chinese_names_are_found_by_any_fragment_and_the_trigram_index_answers_three_characters()
    {
        var database = TestDatabase.CreatePostgreSqlDatabase();
        try
        {
            using var app = App(database, "Accounts");
            var client = app.CreateClient();
            foreach (var name in new[] { "北京星辰科技有限公司", "上海蓝海贸易有限公司", "Star 100% Trading" })
            {
                await (await client.PostAsJsonAsync("/api/accounts", new { name })).ShouldHave(HttpStatusCode.Created);
            }

            Assert.Equal(["北京星辰科技有限公司"], await SearchAsync(client, "星辰科技"));
            Assert.Equal(["北京星辰科技有限公司"], await SearchAsync(client, "科技"));
            Assert.Equal(["上海蓝海贸易有限公司", "北京星辰科技有限公司"], await SearchAsync(client, "有限公司"));
            Assert.Equal(["上海蓝海贸易有限公司"], await SearchAsync(client, "蓝海 贸易"));
            // The search box's % is a character, not a wildcard.
            Assert.Equal(["Star 100% Trading"], await SearchAsync(client, "100%"));
            Assert.Empty(await SearchAsync(client, "10%0"));

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            // pg_trgm extracts trigrams from Chinese text (no word segmentation needed) in the database's UTF-8 locale...
            Assert.True(await ScalarAsync<int>(connection, "SELECT array_length(show_trgm('星辰科技'), 1)") >= 2);
            // ...and the planner can answer the list's LIKE from the GIN index.
            await ExecuteAsync(connection, "SET enable_seqscan = off");
            var plan = await LinesAsync(connection,
                "EXPLAIN (FORMAT TEXT) SELECT \"Id\" FROM accounts.\"Accounts\" WHERE \"SearchText\" LIKE '%星辰科%' ESCAPE '\\'");
            Assert.Contains("IX_Accounts_SearchText_Trigram", plan);
        }
        finally
        {
            TestDatabase.DropPostgreSqlDatabase(database);
        }
    }

    private static CrmApp App(string database, params string[] modules) =>
        new(enabledModules: modules.Length > 0 ? modules : ModuleCatalog.All.Select(m => m.Name), settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Crm"] = database,
        });

    private static async Task AssertEveryStoreIsUpToDate(CrmApp app)
    {
        var modules = await (await (await app.CreateClient().GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var databases = app.Services.GetServices<IModuleDatabase>().ToList();
        Assert.Equal(["Accounts", "Branches", "Funnel", "Identity", "Notifications", "Products", "Scheduler", "Workflows"],
            databases.Select(d => d.ModuleName).Order(StringComparer.Ordinal));
        Assert.All(databases, d => Assert.Equal(DatabaseProvider.PostgreSql, d.Provider));
        foreach (var module in modules.EnumerateArray().Where(m => m.TryGetProperty("migration", out var mig) && mig.ValueKind == JsonValueKind.Object))
        {
            Assert.Equal("UpToDate", module.GetProperty("migration").GetProperty("status").GetString());
        }
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, string search)
    {
        var page = await (await client.GetAsync($"/api/accounts?search={Uri.EscapeDataString(search)}")).ShouldHave(HttpStatusCode.OK);
        return (await page.ReadJson()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> LinesAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
