using System.Globalization;
using System.Text;
using Crm.Funnel.Bench;

// Usage: dotnet run -c Release --project bench/Crm.Funnel.Bench -- [--opportunities 1000000] [--leads 2000] [--users 10]
//        [--data DIR] [--iterations 200] [--warmup 20] [--skip-queries] [--skip-assignment] [--out FILE]
var options = Args.Parse(args);
var root = FindRepositoryRoot();
var data = options.Get("data") ?? Path.Combine(root, "bench-data", "funnel");
var opportunities = options.Int("opportunities", 1_000_000);
var leads = options.Int("leads", 2_000);
var users = options.Int("users", 10);
var iterations = options.Int("iterations", 200);
var warmup = options.Int("warmup", 20);
var output = options.Get("out") ?? Path.Combine(root, "bench", "results", $"funnel-{DateTime.UtcNow:yyyy-MM-dd}.md");

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Funnel benchmark ({DateTime.UtcNow:yyyy-MM-dd})");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture,
    $"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
    $"server GC {System.Runtime.GCSettings.IsServerGC}. Load average at start: {Timing.LoadAverage()}.");
report.AppendLine();

if (!options.Has("skip-assignment"))
{
    Console.WriteLine($"Lead assignment through the workflow: {leads:N0} leads, {users} salespeople");
    var rows = await AssignmentBench.RunAsync(leads, users);
    report.AppendLine("## Leads assigned per second through the drawn workflow");
    report.AppendLine();
    report.AppendLine("Real host (CrmApp, SQLite files); leads imported from CSV, then their LeadCreated events delivered by draining the outbox as its job does; " +
                      "each event starts the published workflow in its own transaction, and \"Assign lead\" writes the owner in the Funnel store.");
    report.AppendLine();
    report.AppendLine("| Scenario | Leads | Time | Leads/s | Per lead | Check |");
    report.AppendLine("|---|---:|---:|---:|---:|---|");
    foreach (var row in rows)
    {
        report.AppendLine(row);
    }

    report.AppendLine();
}

if (!options.Has("skip-queries"))
{
    Console.WriteLine($"Funnel and forecast queries at {opportunities:N0} opportunities ({data})");
    var (timings, fill) = await QueryBench.RunAsync(data, opportunities, warmup, iterations);
    report.AppendLine(CultureInfo.InvariantCulture, $"## Funnel and forecast at {opportunities:N0} opportunities");
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"Handlers through IMediator (validation and logging pipeline), a new DI scope per call, SQLite in WAL mode; {fill}. Times in ms; target p95 < 100 ms.");
    report.AppendLine();
    report.AppendLine("| Scenario | p50 | p95 | max | mean | calls | |");
    report.AppendLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (var timing in timings)
    {
        report.AppendLine(timing.Row);
    }

    report.AppendLine();
}

report.AppendLine(CultureInfo.InvariantCulture, $"Load average at end: {Timing.LoadAverage()}.");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine($"Wrote {output}");

static string FindRepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crm.Modular.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}

internal sealed class Args(Dictionary<string, string?> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var key = args[i][2..];
            values[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        }

        return new Args(values);
    }

    public bool Has(string key) => values.ContainsKey(key);

    public string? Get(string key) => values.GetValueOrDefault(key);

    public int Int(string key, int fallback) => values.GetValueOrDefault(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
