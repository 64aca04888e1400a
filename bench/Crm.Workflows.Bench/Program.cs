using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Core;
using Crm.Workflows.Runtime.Model;
using Microsoft.Extensions.DependencyInjection;

// In-memory throughput of the workflow engine (no persistence): many instances of small flowcharts on two workers.
// Usage: dotnet run -c Release --project bench/Crm.Workflows.Bench [-- --write] [--instances N]
// Persisted (SQLite, WorkflowRunner): ... -- --persisted [--write] [--instances 3000] [--suspended 100000] [--resumes 300]
var write = args.Contains("--write");
var instances = args.SkipWhile(a => a != "--instances").Skip(1).Select(int.Parse).FirstOrDefault(200_000);
const int Workers = 2;

if (args.Contains("--persisted"))
{
    // Persisted scenarios (SQLite, the real WorkflowRunner): see PersistedBench.
    int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
    var persisted = await PersistedBench.RunAsync(Arg("--instances", 3_000), Arg("--suspended", 100_000), Arg("--resumes", 300));
    Console.WriteLine(persisted);
    if (write)
    {
        var file = Path.Combine(FindRepositoryRoot(), "bench", "results", $"workflows-persisted-{DateTime.UtcNow:yyyy-MM-dd}.md");
        await File.WriteAllTextAsync(file, persisted);
        Console.WriteLine($"Written to {file}");
    }

    return;
}

var engine = new WorkflowEngine(new ActivityRegistry(CoreActivityDescriptors.All));
var services = new ServiceCollection().BuildServiceProvider();
var scenarios = new List<Scenario>
{
    new("5 activities, JavaScript condition", Flowcharts.FiveActivities(javaScript: true), Resume: false),
    new("5 activities, literals only", Flowcharts.FiveActivities(javaScript: false), Resume: false),
    new("Delay, state to JSON and back, resume", Flowcharts.WithDelay(), Resume: true),
};

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Workflow engine, in-memory throughput ({DateTime.UtcNow:yyyy-MM-dd})");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture,
    $"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
    $".NET {Environment.Version}, server GC {GCSettings.IsServerGC}. {Workers} workers, {instances:N0} instances per scenario after a warm-up.");
if (File.Exists("/proc/loadavg"))
{
    // Other processes on the machine skew throughput far more than latency percentiles; record how busy it was.
    report.AppendLine(CultureInfo.InvariantCulture, $"Load average at start: {File.ReadAllText("/proc/loadavg").Trim()}.");
}

report.AppendLine();
report.AppendLine("| Scenario | Instances/s | p50 per instance | p95 | p99 | Allocated per instance |");
report.AppendLine("|---|---:|---:|---:|---:|---:|");

foreach (var scenario in scenarios)
{
    await RunAsync(scenario, Math.Min(20_000, instances / 5)); // warm-up: JIT, tiering, the script cache
    var result = await RunAsync(scenario, instances);
    report.AppendLine(CultureInfo.InvariantCulture,
        $"| {scenario.Name} | {result.PerSecond:N0} | {Micro(result.P50)} | {Micro(result.P95)} | {Micro(result.P99)} | {result.BytesPerInstance / 1024.0:N1} KB |");
}

report.AppendLine();
report.AppendLine("The 5-activity flowchart is Start → SetVariable → FlowDecision → WriteLine → End (the decision's other port leads to a");
report.AppendLine("second WriteLine). \"JavaScript condition\" evaluates `getVariable('Amount') > 100` and sets the variable from `getInput('Amount') * 2`");
report.AppendLine("(a fresh sandboxed Jint engine per expression); \"literals only\" uses Literal expressions. The Delay scenario starts an instance");
report.AppendLine("that suspends on a Delay bookmark, serialises the state to JSON, deserialises it and resumes to the end (two bursts per instance).");
report.AppendLine("Latency is per instance (all its bursts), measured on the worker; no database, no journal persistence.");

Console.WriteLine(report);
if (write)
{
    var root = FindRepositoryRoot();
    var path = Path.Combine(root, "bench", "results", $"workflows-engine-{DateTime.UtcNow:yyyy-MM-dd}.md");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    await File.WriteAllTextAsync(path, report.ToString());
    Console.WriteLine($"Written to {path}");
}

async Task<Measurement> RunAsync(Scenario scenario, int count)
{
    var latencies = new double[count];
    var next = -1;
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var started = Stopwatch.GetTimestamp();
            await RunInstanceAsync(scenario, i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })).ToArray();
    await Task.WhenAll(workers);
    clock.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    Array.Sort(latencies);
    return new Measurement(
        count / clock.Elapsed.TotalSeconds,
        latencies[count / 2],
        latencies[(int)(count * 0.95)],
        latencies[(int)(count * 0.99)],
        allocated / (double)count);
}

async Task RunInstanceAsync(Scenario scenario, int index)
{
    var input = new Dictionary<string, object?> { ["Amount"] = index % 200 };
    var result = await engine.StartAsync(scenario.Definition, input, null, $"i-{index}", services, CancellationToken.None);
    if (scenario.Resume)
    {
        var state = WorkflowStateSerializer.Deserialize(WorkflowStateSerializer.Serialize(result.State));
        result = await engine.ResumeAsync(scenario.Definition, state, state.Bookmarks[0].Id, new Dictionary<string, object?>(), services, CancellationToken.None);
    }

    if (result.State.SubStatus != WorkflowSubStatus.Finished)
    {
        throw new InvalidOperationException($"Instance {index} ended {result.State.SubStatus}: {result.State.Fault?.Message}");
    }
}

static string Micro(double milliseconds) => milliseconds < 1
    ? $"{milliseconds * 1000:N0} µs"
    : $"{milliseconds:N2} ms";

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Crm.Modular.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

internal sealed record Scenario(string Name, WorkflowDefinitionModel Definition, bool Resume);

internal sealed record Measurement(double PerSecond, double P50, double P95, double P99, double BytesPerInstance);

/// <summary>Benchmark definitions in the JSON shape Studio saves.</summary>
internal static class Flowcharts
{
    public static WorkflowDefinitionModel FiveActivities(bool javaScript) => WorkflowDefinitionModel.Parse(FiveActivitiesJson(javaScript));

    public static JsonObject FiveActivitiesJson(bool javaScript)
    {
        var activities = new JsonArray
        {
            Activity("start", "Elsa.Start"),
            Activity("set", "Elsa.SetVariable",
                ("variable", new JsonObject { ["id"] = "v-amount", ["name"] = "Amount", ["typeName"] = "Int32" }),
                ("value", javaScript ? Expression("JavaScript", "getInput('Amount') * 2") : Expression("Literal", "150"))),
            Activity("decide", "Elsa.FlowDecision", ("condition", javaScript ? Expression("JavaScript", "getVariable('Amount') > 100") : Expression("Literal", "True"))),
            Activity("big", "Elsa.WriteLine", ("text", Expression("Literal", "Big order"))),
            Activity("small", "Elsa.WriteLine", ("text", Expression("Literal", "Small order"))),
            Activity("end", "Elsa.End"),
        };
        var connections = new JsonArray
        {
            Connection("start", "set"),
            Connection("set", "decide"),
            Connection("decide", "big", "True"),
            Connection("decide", "small", "False"),
            Connection("big", "end"),
            Connection("small", "end"),
        };
        return DefinitionJson(activities, connections, new JsonArray { new JsonObject { ["id"] = "v-amount", ["name"] = "Amount", ["typeName"] = "Int32", ["value"] = "0" } });
    }

    public static WorkflowDefinitionModel WithDelay()
    {
        var activities = new JsonArray
        {
            Activity("start", "Elsa.Start"),
            Activity("wait", "Elsa.Delay", ("timeSpan", Expression("Literal", "00:05:00"))),
            Activity("say", "Elsa.WriteLine", ("text", Expression("Literal", "Woke up"))),
            Activity("end", "Elsa.End"),
        };
        var connections = new JsonArray { Connection("start", "wait"), Connection("wait", "say"), Connection("say", "end") };
        return Definition(activities, connections, []);
    }

    /// <summary>Start → Event(<paramref name="eventName"/>) → End: suspends at the Event bookmark.</summary>
    public static JsonObject WaitForEventJson(string eventName)
    {
        var activities = new JsonArray
        {
            Activity("start", "Elsa.Start"),
            Activity("wait", "Elsa.Event", ("eventName", Expression("Literal", eventName))),
            Activity("end", "Elsa.End"),
        };
        var connections = new JsonArray { Connection("start", "wait"), Connection("wait", "end") };
        return DefinitionJson(activities, connections, []);
    }

    private static WorkflowDefinitionModel Definition(JsonArray activities, JsonArray connections, JsonArray variables) =>
        WorkflowDefinitionModel.Parse(DefinitionJson(activities, connections, variables));

    private static JsonObject DefinitionJson(JsonArray activities, JsonArray connections, JsonArray variables) =>
        new JsonObject
        {
            ["id"] = "bench-v1",
            ["definitionId"] = "bench",
            ["name"] = "Bench",
            ["version"] = 1,
            ["variables"] = variables,
            ["root"] = new JsonObject
            {
                ["id"] = "root1",
                ["nodeId"] = "Workflow1:root1",
                ["type"] = "Elsa.Flowchart",
                ["activities"] = activities,
                ["connections"] = connections,
            },
        };

    private static JsonObject Activity(string id, string type, params (string Name, JsonNode Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:root1:{id}",
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        };
        foreach (var (name, value) in inputs)
        {
            activity[name] = value;
        }

        return activity;
    }

    private static JsonObject Expression(string type, string value) => new()
    {
        ["typeName"] = null,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };

    private static JsonObject Connection(string source, string target, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };
}
