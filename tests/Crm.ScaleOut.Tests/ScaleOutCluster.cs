using System.Net;
using System.Net.Http.Json;
using Crm.TestKit;

namespace Crm.ScaleOut.Tests;

/// <summary>Where the cluster keeps its data: one SQLite data directory, or one PostgreSQL database.</summary>
internal sealed record ScaleOutDatabase(string Provider, IReadOnlyDictionary<string, string> Settings, Action? Drop = null)
{
    public static ScaleOutDatabase Sqlite(string dataDirectory) =>
        new("Sqlite", new Dictionary<string, string> { ["Database:Provider"] = "Sqlite", ["Database:DataDirectory"] = dataDirectory });

    /// <summary>
    /// A fresh, empty database on the server of <c>CRM_TEST_POSTGRES</c>, made as the PostgreSQL lane makes its own
    /// (the <c>migrate</c> verb creates schemas and tables, not the database), and dropped with the cluster.
    /// </summary>
    public static ScaleOutDatabase PostgreSql(string _)
    {
        var connectionString = TestDatabase.CreatePostgreSqlDatabase();
        return new(
            "PostgreSql",
            new Dictionary<string, string> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:Crm"] = connectionString },
            () => TestDatabase.DropPostgreSqlDatabase(connectionString));
    }
}

/// <summary>
/// N host processes on one database, migrated once by the <c>migrate</c> verb (as in production: never N hosts racing to
/// migrate), with one administrator made by the <c>create-admin</c> verb and one shared data-protection key folder.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string AdminName = "scale-admin";
    public const string Password = "Scale-Out-2026!";

    private readonly string _folder;

    private readonly ScaleOutDatabase _database;

    private ScaleOutCluster(string folder, ScaleOutDatabase database, List<HostProcess> hosts)
    {
        _folder = folder;
        _database = database;
        Hosts = hosts;
    }

    public IReadOnlyList<HostProcess> Hosts { get; }

    public static async Task<ScaleOutCluster> StartAsync(Func<string, ScaleOutDatabase> database, int count = 3)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crm-tests", "scaleout-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = database(Path.Combine(folder, "data"));
        var settings = new Dictionary<string, string>(store.Settings)
        {
            ["DataProtection:KeysDirectory"] = Path.Combine(folder, "keys"),
            ["Database:MigrateOnStartup"] = "false",
            ["Demo:Seed"] = "false",
            ["Modules:Accounts:Enabled"] = "true",
            ["Modules:Funnel:Enabled"] = "false",
            ["Outbox:PollingIntervalSeconds"] = "1",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // On: three first starts import the shipped templates at the same moment, and must do so once (ADR 0082).
            ["Workflows:Inbox:ImportTemplates"] = "true",
        };

        await HostProcess.RunVerbAsync(settings, "migrate");
        await HostProcess.RunVerbAsync(settings, "create-admin", "--user", AdminName, "--password", Password);

        // Started together, as an orchestrator does: their schedulers join one Quartz cluster.
        var starting = Enumerable.Range(1, count).Select(i => HostProcess.StartAsync($"host{i}", settings)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // The hosts that did start must not outlive the test.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                started.Result.Dispose();
            }

            store.Drop?.Invoke();

            throw;
        }

        return new ScaleOutCluster(folder, store, [.. starting.Select(t => t.Result)]);
    }

    /// <summary>One client per host sharing one cookie jar: a cookie issued by one host is presented to all of them.</summary>
    public async Task<IReadOnlyList<HttpClient>> SignInAsync(string userName, string password = Password)
    {
        var cookies = new CookieContainer();
        var clients = Hosts.Select(h => new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = h.Address, Timeout = TimeSpan.FromSeconds(60) }).ToList();
        await (await clients[0].PostAsJsonAsync("/api/auth/login", new { userName, password })).ShouldHave(HttpStatusCode.OK);
        return clients;
    }

    /// <summary>
    /// Notes a phase in <c>progress.log</c> of the cluster's folder: when a hang timeout kills the test process the
    /// test output is lost, and this file still says how far the scenario got.
    /// </summary>
    public void Progress(string phase) =>
        File.AppendAllText(Path.Combine(_folder, "progress.log"), $"{DateTime.UtcNow:HH:mm:ss.fff} {phase}{Environment.NewLine}");

    public string Logs => string.Join("\n\n", Hosts.Select(h => $"==== {h.Name}\n{h.Output}"));

    public ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            host.Dispose();
        }

        _database.Drop?.Invoke();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process: the temp folder is cleaned another time.
        }

        return ValueTask.CompletedTask;
    }
}
