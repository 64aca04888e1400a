using Crm.BuildingBlocks.Persistence;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The server providers' migrations are checked without a database server: scripting and model-drift detection need no
/// connection, so the SQL Server and PostgreSQL sets are covered on every developer machine and CI run (PostgreSQL also
/// runs for real in the PostgreSQL lane: PostgreSqlTests).
/// </summary>
public sealed class DatabaseProviderTests
{
    // Port 1 on loopback: nothing listens, so any accidental connection attempt fails fast instead of hanging.
    private const string UnreachableSqlServer = "Server=127.0.0.1,1;Database=Crm;User Id=x;Password=y;TrustServerCertificate=True";
    private const string UnreachablePostgreSql = "Host=127.0.0.1;Port=1;Database=crm;Username=x;Password=y;Timeout=1";

    [Fact]
    public void SqlServer_idempotent_scripts_create_each_modules_tables_in_its_schema()
    {
        using var app = SqlServerApp();

        // The EF-migrated stores; the scheduler's Quartz tables are not an EF model (next test).
        var databases = Databases(app).Where(d => d.ModuleName != "Scheduler").ToList();

        Assert.NotEmpty(databases);
        Assert.All(databases, database =>
        {
            Assert.Equal(DatabaseProvider.SqlServer, database.Provider);
            var script = database.GenerateIdempotentScript();
            Assert.Contains($"CREATE TABLE [{database.ModuleName.ToLowerInvariant()}].[", script);
            Assert.Contains("IF NOT EXISTS", script);
            // The history table lives in the module's schema too (HasDefaultSchema does not move it: efcore#24127).
            Assert.Contains($"[{database.ModuleName.ToLowerInvariant()}].[__EFMigrationsHistory]", script);
        });
    }

    [Fact]
    public void SqlServer_script_of_the_scheduler_creates_the_Quartz_tables_in_schema_scheduler_and_runs_again_safely()
    {
        using var app = SqlServerApp();

        var scheduler = Assert.Single(Databases(app), d => d.ModuleName == "Scheduler");
        var script = scheduler.GenerateIdempotentScript();

        Assert.Equal(DatabaseProvider.SqlServer, scheduler.Provider);
        Assert.Contains("IF SCHEMA_ID(N'scheduler') IS NULL EXEC(N'CREATE SCHEMA [scheduler]');", script);
        foreach (var table in new[] { "JOB_DETAILS", "TRIGGERS", "SIMPLE_TRIGGERS", "CRON_TRIGGERS", "SIMPROP_TRIGGERS", "BLOB_TRIGGERS", "CALENDARS",
                     "PAUSED_TRIGGER_GRPS", "PAUSED_JOB_GRPS", "FIRED_TRIGGERS", "SCHEDULER_STATE", "LOCKS" })
        {
            Assert.Contains($"IF OBJECT_ID(N'[scheduler].[QRTZ_{table}]', N'U') IS NULL", script);
            Assert.Contains($"CREATE TABLE [scheduler].[QRTZ_{table}] (", script);
        }

        Assert.Contains("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_QRTZ_TRIGGERS_NEXT_FIRE'", script);
        Assert.Contains("[NEXT_FIRE_TIME] bigint NULL", script);
        Assert.Contains("GO", script);
    }

    [Fact]
    public void SqlServer_model_has_no_changes_missing_from_its_migrations()
    {
        using var app = SqlServerApp();

        AssertNoPendingModelChanges(Databases(app));
    }

    [Fact]
    public void PostgreSql_model_has_no_changes_missing_from_its_migrations()
    {
        using var app = ServerApp("PostgreSql", UnreachablePostgreSql);

        var databases = Databases(app);

        Assert.All(databases, d => Assert.Equal(DatabaseProvider.PostgreSql, d.Provider));
        AssertNoPendingModelChanges(databases);
    }

    [Fact]
    public void PostgreSql_idempotent_scripts_create_each_modules_tables_in_its_schema_with_trigram_search_indexes()
    {
        using var app = ServerApp("PostgreSql", UnreachablePostgreSql);

        foreach (var database in Databases(app).Where(d => d.ModuleName != "Scheduler"))
        {
            var script = database.GenerateIdempotentScript();
            var schema = database.ModuleName.ToLowerInvariant();
            Assert.Contains($"CREATE TABLE {schema}.\"", script);
            Assert.Contains($"{schema}.\"__EFMigrationsHistory\"", script);
            // Partial-index filters are written in brackets once and quoted for PostgreSQL by a convention.
            Assert.DoesNotContain("WHERE [", script);
        }

        var accounts = Databases(app).Single(d => d.ModuleName == "Accounts").GenerateIdempotentScript();
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS pg_trgm", accounts);
        Assert.Contains("USING gin (\"SearchText\" gin_trgm_ops)", accounts);
        Assert.Contains("USING gin (\"SearchText\" gin_trgm_ops)", Databases(app).Single(d => d.ModuleName == "Funnel").GenerateIdempotentScript());

        var scheduler = Databases(app).Single(d => d.ModuleName == "Scheduler").GenerateIdempotentScript();
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS scheduler", scheduler);
        Assert.Contains("CREATE TABLE IF NOT EXISTS scheduler.QRTZ_job_details", scheduler);
        Assert.DoesNotContain("{0}", scheduler);
    }

    [Fact]
    public void Sqlite_model_has_no_changes_missing_from_its_migrations()
    {
        // Without start-up migration: EF's Migrate would throw on drift before this check could name the module. No
        // scheduler either: it refuses to start on a store whose tables were not created.
        using var app = new CrmApp(enabledModules: AllModules, settings: new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Outbox:Enabled"] = "false",
            ["Scheduler:Enabled"] = "false",
            ["Workflows:Templates:Install"] = "false",
        });

        var databases = Databases(app);

        Assert.All(databases, d => Assert.Equal(DatabaseProvider.Sqlite, d.Provider));
        AssertNoPendingModelChanges(databases);
    }

    [Fact]
    public void SqlServer_without_a_connection_string_stops_start_up_naming_the_setting()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Crm"] = "",
        });

        var error = StartUp.Fails(app);

        Assert.Contains("ConnectionStrings:Crm", error.Message);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("7")] // Enum.TryParse accepts any number; an undefined one must not fall back to SQLite silently.
    public void Unsupported_provider_stops_start_up_with_the_supported_ones(string provider)
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Database:Provider"] = provider });

        var error = StartUp.Fails(app);

        Assert.Contains($"'{provider}'", error.Message);
        Assert.Contains("SqlServer", error.Message);
        Assert.Contains("PostgreSql", error.Message);
        Assert.Contains("Sqlite", error.Message);
    }

    private static void AssertNoPendingModelChanges(IReadOnlyList<IModuleDatabase> databases)
    {
        Assert.NotEmpty(databases);
        var drifted = databases.Where(d => d.HasPendingModelChanges()).Select(d => $"{d.ModuleName} ({d.Provider})").ToList();
        Assert.True(drifted.Count == 0, $"Model changes without a migration in: {string.Join(", ", drifted)}. Run scripts/add-migration.sh <Module> <Name>.");
    }

    /// <summary>Every module of the catalog, so a module added to the host is checked without touching this test.</summary>
    private static IEnumerable<string> AllModules => ModuleCatalog.All.Select(m => m.Name);

    private static CrmApp SqlServerApp() => ServerApp("SqlServer", UnreachableSqlServer);

    private static CrmApp ServerApp(string provider, string connectionString) => new(enabledModules: AllModules, settings: new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider,
        ["ConnectionStrings:Crm"] = connectionString,
        // Nothing may touch the server: no start-up migration, no outbox polling, no scheduler, no shipped workflow templates.
        ["Database:MigrateOnStartup"] = "false",
        ["Outbox:Enabled"] = "false",
        ["Scheduler:Enabled"] = "false",
        ["Workflows:Templates:Install"] = "false",
    });

    /// <summary>The host's module databases, resolved from the started app (its real start-up code).</summary>
    private static List<IModuleDatabase> Databases(CrmApp app) => app.Services.GetServices<IModuleDatabase>().ToList();
}
