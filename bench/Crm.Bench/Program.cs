using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.ScaleOut.Tests;
using static Crm.ScaleOut.Tests.Workflows;

// Issue 13.5 (docs/operations.md, section 8): persisted workflow instances per second, inbox complete-and-resume per
// second and a mixed HTTP load, for 1, 2 and 3 host processes on PostgreSQL and on SQLite, in one run.
//   cd bench/Crm.Bench && dotnet run -c Release [-- --seconds 15 --clients 8 --tasks 60 --providers Sqlite,PostgreSql]
// PostgreSQL: CRM_TEST_POSTGRES names a server (a role that may create databases), as for the tests.
var options = BenchOptions.From(args);
var started = DateTime.UtcNow;
var loadBefore = LoadAverage();
var rows = new List<Row>();
foreach (var provider in options.Providers)
{
    foreach (var hosts in new[] { 1, 2, 3 })
    {
        Console.WriteLine($"== {provider}, {hosts} host process(es)");
        Func<string, ScaleOutDatabase> database = provider == "PostgreSql"
            ? ScaleOutDatabase.PostgreSql
            : ScaleOutDatabase.Sqlite;
        await using var cluster = await ScaleOutCluster.StartAsync(database, hosts);
        var clients = await cluster.SignInAsync(ScaleOutCluster.AdminName);
        var row = new Row(provider, hosts, LoadAverage());
        row.Instances = await Measure.InstancesAsync(clients, options);
        row.Inbox = await Measure.InboxAsync(clients, options);
        row.Http = await Measure.MixedHttpAsync(clients, options);
        row.LoadAfter = LoadAverage();
        rows.Add(row);
        Console.WriteLine(row.Line());
    }
}

var report = Report.Write(options, rows, started, loadBefore, LoadAverage());
Console.WriteLine(report);
return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record BenchOptions(int Seconds, int Clients, int Tasks, IReadOnlyList<string> Providers)
{
    public static BenchOptions From(string[] args)
    {
        string? Arg(string name)
        {
            var i = Array.FindIndex(args, a => string.Equals(a, "--" + name, StringComparison.OrdinalIgnoreCase));
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        return new BenchOptions(
            int.Parse(Arg("seconds") ?? "15", CultureInfo.InvariantCulture),
            int.Parse(Arg("clients") ?? "8", CultureInfo.InvariantCulture),
            int.Parse(Arg("tasks") ?? "60", CultureInfo.InvariantCulture),
            (Arg("providers") ?? "Sqlite,PostgreSql").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}

internal sealed record Rate(int Done, int Failed, TimeSpan Elapsed, double P50Ms, double P95Ms)
{
    public double PerSecond => Done / Elapsed.TotalSeconds;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PerSecond:0.0}/s (p50 {P50Ms:0} ms, p95 {P95Ms:0} ms{(Failed > 0 ? $", {Failed} failed" : "")})");
}

internal sealed record Row(string Provider, int Hosts, string LoadBefore)
{
    public Rate? Instances { get; set; }

    public Rate? Inbox { get; set; }

    public Rate? Http { get; set; }

    public string LoadAfter { get; set; } = "";

    public string Line() => $"| {Provider} | {Hosts} | {Instances} | {Inbox} | {Http} | {LoadBefore} → {LoadAfter} |";
}

internal static class Measure
{
    /// <summary>Workflows started and run to the end, each committed as one persisted instance, for a fixed time.</summary>
    public static async Task<Rate> InstancesAsync(IReadOnlyList<HttpClient> clients, BenchOptions options)
    {
        var definition = await PublishAsync(clients[0], Flowchart(
            ("start", "Elsa.Start", false, []),
            ("log", "Elsa.WriteLine", false, [("text", "bench")])));
        return await ForAsync(clients, options, async (client, _) =>
            (await PostAsync(client, $"/workflow-definitions/{definition}/execute", new JsonObject())).IsSuccessStatusCode);
    }

    /// <summary>
    /// Tasks (one per instance, assigned to the signed-in user) prepared untimed, then completed as fast as the hosts
    /// take it: each completion resumes its instance's bookmark and runs it to the end.
    /// </summary>
    public static async Task<Rate> InboxAsync(IReadOnlyList<HttpClient> clients, BenchOptions options)
    {
        var me = (await (await clients[0].GetAsync("/api/auth/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        var definition = await PublishAsync(clients[0], Flowchart(
            ("start", "Elsa.Start", false, []),
            ("task", "Crm.HumanTask", false, [("title", "Bench task"), ("assignee", me)]),
            ("after", "Elsa.WriteLine", false, [("text", "done")])));
        for (var i = 0; i < options.Tasks; i++)
        {
            await StartAsync(clients[i % clients.Count], definition);
        }

        var list = await (await clients[0].GetAsync($"/api/inbox/tasks?view=mine&process={definition}&pageSize={options.Tasks}")).Content.ReadFromJsonAsync<JsonElement>();
        var tasks = new Queue<Guid>(list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        var latencies = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(worker => Task.Run(async () =>
        {
            var client = clients[worker % clients.Count];
            while (true)
            {
                Guid task;
                lock (tasks)
                {
                    if (!tasks.TryDequeue(out task))
                    {
                        return;
                    }
                }

                var one = Stopwatch.StartNew();
                var answer = await client.PostAsJsonAsync($"/api/inbox/tasks/{task}/complete", new { });
                lock (latencies)
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                    failed += answer.IsSuccessStatusCode ? 0 : 1;
                }
            }
        })));
        return Summarize(latencies, failed, clock.Elapsed);
    }

    /// <summary>60 % list pages, 20 % searches, 20 % creates, as a sales team uses the account list.</summary>
    public static Task<Rate> MixedHttpAsync(IReadOnlyList<HttpClient> clients, BenchOptions options) =>
        ForAsync(clients, options, async (client, i) =>
        {
            var answer = (i % 10) switch
            {
                < 6 => await client.GetAsync($"/api/accounts?page={1 + (i % 3)}&pageSize=20"),
                < 8 => await client.GetAsync("/api/accounts?search=Bench%20" + (i % 7)),
                _ => await client.PostAsJsonAsync("/api/accounts", new { name = $"Bench {i % 7} 客户 {Guid.NewGuid():N}" }),
            };
            return answer.IsSuccessStatusCode;
        });

    private static async Task<Rate> ForAsync(IReadOnlyList<HttpClient> clients, BenchOptions options, Func<HttpClient, int, Task<bool>> call)
    {
        var latencies = new List<double>();
        var failed = 0;
        var until = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(worker => Task.Run(async () =>
        {
            var client = clients[worker % clients.Count];
            for (var i = worker; until.Elapsed < limit; i += options.Clients)
            {
                var one = Stopwatch.StartNew();
                var ok = await call(client, i);
                lock (latencies)
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                    failed += ok ? 0 : 1;
                }
            }
        })));
        return Summarize(latencies, failed, until.Elapsed);
    }

    private static Rate Summarize(List<double> latencies, int failed, TimeSpan elapsed)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new Rate(latencies.Count - failed, failed, elapsed, At(0.5), At(0.95));
    }
}

internal static class Report
{
    public static string Write(BenchOptions options, List<Row> rows, DateTime started, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores shared by the hosts, the database server and this load generator: the figures show");
        text.AppendLine("correctness under contention and the relative cost of each provider, not how far the system scales.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) at the start {loadBefore}, at the end {loadAfter}; {options.Clients} concurrent clients, {options.Seconds} s per timed load, {options.Tasks} inbox tasks.");
        text.AppendLine();
        text.AppendLine("| Provider | Hosts | Persisted workflow instances | Inbox complete-and-resume | Mixed HTTP (list/search/create) | Load average before → after |");
        text.AppendLine("|---|---|---|---|---|---|");
        rows.ForEach(r => text.AppendLine(r.Line()));
        var folder = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{started:yyyyMMdd-HHmm}.md");
        File.WriteAllText(file, text.ToString());
        return text + Environment.NewLine + "Written to " + file;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crm.Modular.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Crm.Modular.sln not found above the bench.");
    }
}
