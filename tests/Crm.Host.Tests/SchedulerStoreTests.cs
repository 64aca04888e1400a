using System.Net;
using Crm.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The scheduler's store (ADR 0017): our own Quartz tables in <c>crm.scheduler.db</c>, created at start-up, listed with
/// the modules, and kept in step with what Quartz itself expects.
/// </summary>
public sealed class SchedulerStoreTests
{
    /// <summary>Quartz's optional execution history (<c>UseExecutionHistory()</c>), which we do not turn on.</summary>
    private static readonly string[] OptionalQuartzTables = ["QRTZ_EXECUTION_HISTORY", "QRTZ_MISFIRE_HISTORY", "QRTZ_JOB_STATUS"];

    [Fact]
    public async Task Our_scheduler_tables_have_every_table_and_column_Quartz_would_create_for_itself()
    {
        using var app = new CrmApp(enabledModules: []);
        _ = app.CreateClient();
        var reference = Path.Combine(app.DataDirectory, "quartz-reference.db");
        await ProvisionWithQuartzAsync(reference);

        var ours = Columns(Path.Combine(app.DataDirectory, "crm.scheduler.db"));
        var quartz = Columns(reference);

        Assert.NotEmpty(quartz);
        foreach (var (table, columns) in quartz.Where(t => !OptionalQuartzTables.Contains(t.Key)))
        {
            Assert.True(ours.ContainsKey(table), $"Quartz has table {table}; SchedulerSchema does not.");
            Assert.Equal(columns, ours[table]);
        }

        Assert.Empty(ours.Keys.Except(quartz.Keys));
    }

    [Fact]
    public async Task The_scheduler_store_is_listed_as_a_service_and_a_clustered_node_checks_in()
    {
        using var app = new CrmApp(enabledModules: []);
        var modules = await (await (await app.CreateClient().GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK)).ReadJson();

        var scheduler = modules.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Scheduler");
        Assert.Equal("Service", scheduler.GetProperty("kind").GetString());
        Assert.Equal("UpToDate", scheduler.GetProperty("migration").GetProperty("status").GetString());
        Assert.Equal(["Quartz_4.7_schema"], scheduler.GetProperty("migration").GetProperty("applied").EnumerateArray().Select(a => a.GetString()));

        var quartz = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Equal("Crm", quartz.SchedulerName);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Count(app, $"SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE INSTANCE_NAME = '{quartz.SchedulerInstanceId}'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The node never checked in: is the store clustered?");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Jobs_of_a_module_that_was_switched_off_are_removed_from_the_store()
    {
        var data = Path.Combine(Path.GetTempPath(), "crm-tests", "jobs-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = data };
        try
        {
            using (var withAccounts = new CrmApp(enabledModules: ["Accounts"], settings: settings))
            {
                var scheduler = await withAccounts.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                Assert.True(await scheduler.Exists(new JobKey("accounts-outbox", "outbox")));
            }

            using var without = new CrmApp(enabledModules: [], settings: settings);
            var again = await without.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.False(await again.Exists(new JobKey("accounts-outbox", "outbox")));
            Assert.True(await again.Exists(new JobKey("workflows-outbox", "outbox")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open leaves a temp folder behind; not a test failure.
            }
        }
    }

    /// <summary>Lets Quartz create its own schema (its ProvisionSchema option) in a scratch file, as the reference.</summary>
    private static async Task ProvisionWithQuartzAsync(string file)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "reference");
            q.UsePersistentStore(store =>
            {
                store.UseSqlite($"Data Source={file};Pooling=False");
                store.ProvisionSchema();
            });
        });
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Shutdown();
    }

    /// <summary>Every QRTZ_ table of a SQLite file with its columns as "NAME NOT NULL" / "NAME NULL", in order.</summary>
    private static Dictionary<string, List<string>> Columns(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ%'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name, \"notnull\" FROM pragma_table_info('{table}')";
            using var reader = command.ExecuteReader();
            var columns = new List<string>();
            while (reader.Read())
            {
                columns.Add($"{reader.GetString(0)} {(reader.GetInt64(1) == 1 ? "NOT NULL" : "NULL")}");
            }

            result[table] = columns;
        }

        return result;
    }

    private static long Count(CrmApp app, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "crm.scheduler.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
