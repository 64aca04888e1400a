using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Inbox.Bench;
using Crm.TestKit;
using Crm.Workflows.Definitions;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.CompleteTask;
using Crm.Workflows.Inbox.Features.GetTask;
using Crm.Workflows.Inbox.Features.ListTasks;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

// Inbox latency with a million tasks in the store, and complete-and-resume throughput, on SQLite through the real
// host's services (CrmApp: migrations, DbContext registration, MediatR pipeline with validation and logging).
// Usage: dotnet run -c Release --project bench/Crm.Inbox.Bench [-- --tasks 1000000] [--open 100000] [--data DIR]
//        [--iterations 300] [--completions 1000] [--out FILE]
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);
string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

var total = Arg("--tasks", 1_000_000);
var open = Arg("--open", 100_000);
var iterations = Arg("--iterations", 300);
var completions = Arg("--completions", 1_000);
var root = FindRepositoryRoot();
var dataDirectory = Path.GetFullPath(Text("--data") ?? Path.Combine(root, "bench-data", "inbox"));
var output = Text("--out") ?? Path.Combine(root, "bench", "results", $"inbox-{DateTime.UtcNow:yyyy-MM-dd}.md");
var data = new InboxData();
var marker = Path.Combine(dataDirectory, "bench-fill.txt");
var expectedMarker = $"version {InboxData.Version}, {total} tasks, {open} open";
var reuse = File.Exists(marker) && File.ReadAllText(marker).Trim() == expectedMarker;
if (!reuse && Directory.Exists(dataDirectory))
{
    Directory.Delete(dataDirectory, recursive: true);
}

Directory.CreateDirectory(dataDirectory);
var capture = new PlanCapture();
using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?>
{
    ["Database:DataDirectory"] = dataDirectory,
    ["Workflows:Timers:Enabled"] = "false",
    ["Workflows:Inbox:ImportTemplates"] = "false",
    ["Plugins:Notifications:Enabled"] = "false",
    ["Serilog:MinimumLevel:Default"] = Environment.GetEnvironmentVariable("BENCH_LOG") ?? "Warning",
}, services: services =>
{
    services.AddScoped<ICurrentUser, BenchCurrentUser>();
    services.AddSingleton<IStaffDirectory>(new BenchDirectory(data.Staff));
    services.ConfigureDbContext<WorkflowsSqliteDbContext>(o => o.AddInterceptors(capture));
});
app.CreateClient().Dispose(); // starts the host: migrations
var sp = app.Services;

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Inbox benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Crm.Inbox.Bench -- {string.Join(' ', args)}`");
report.AppendLine(CultureInfo.InvariantCulture,
    $"- Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; .NET {Environment.Version}, server GC {GCSettings.IsServerGC}; SQLite {SqliteVersion()} (WAL, synchronous=NORMAL, pooled connections, no ANALYZE, as the host runs it)");
report.AppendLine(CultureInfo.InvariantCulture, $"- Load average at start: {LoadAverage()}. The machine is shared by several engineers; tails suffer first.");

if (!reuse)
{
    Console.WriteLine($"Filling {total:N0} tasks ({open:N0} open) into {dataDirectory} ...");
    await using var scope = sp.CreateAsyncScope();
    var elapsed = await data.FillAsync(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>(), total, open, Console.WriteLine);
    await File.WriteAllTextAsync(marker, expectedMarker);
    report.AppendLine(CultureInfo.InvariantCulture, $"- Fill: {total:N0} tasks in {elapsed.TotalSeconds:N1} s ({total / elapsed.TotalSeconds:N0} rows/s; prepared INSERTs in one transaction, indexes rebuilt after)");
}
else
{
    report.AppendLine("- Fill: reused from an earlier run (same generator version and size)");
}

await using (var scope = sp.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
    var openRows = await db.HumanTasks.CountAsync(t => t.Status == HumanTaskStatus.Open);
    var all = await db.HumanTasks.CountAsync();
    var heavyOpen = await db.HumanTasks.CountAsync(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == data.Heavy.UserId);
    var heavyDone = await db.HumanTasks.CountAsync(t => t.CompletedById == data.Heavy.UserId);
    var typicalOpen = await db.HumanTasks.CountAsync(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == data.Typical.UserId);
    var heavyQueue = Groups.Key(data.Heavy.Roles[0], data.Heavy.BranchId);
    var queue = await db.HumanTasks.CountAsync(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == null && t.CandidateGroup == heavyQueue);
    var size = new FileInfo(Path.Combine(dataDirectory, "crm.workflows.db")).Length / 1024.0 / 1024.0;
    report.AppendLine(CultureInfo.InvariantCulture,
        $"- Data: {all:N0} tasks ({openRows:N0} open), database {size:N0} MiB. Typical user: {typicalOpen:N0} open. Heavy user: {heavyOpen:N0} open, {heavyDone:N0} completed, their queue ({heavyQueue!.Split('@')[0]} in their branch) {queue:N0} unclaimed.");
}

report.AppendLine(CultureInfo.InvariantCulture,
    $"- Method: IMediator.Send in a new DI scope per call, acting as the user (validation and logging behaviours, the staff-directory lookups and the name lookup of the page's people included; no HTTP/JSON). 20 warm-up calls, then {iterations} timed calls per scenario. Page size 25. Nearest-rank percentiles. Target: p95 < 20 ms.");
report.AppendLine();
report.AppendLine("## Inbox queries");
report.AppendLine();
report.AppendLine("| Scenario | p50 ms | p95 ms | max ms | mean ms | rows/call | p95 < 20 ms |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---|");

var heavyTaskIds = new List<Guid>();
await using (var scope = sp.CreateAsyncScope())
{
    heavyTaskIds = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().HumanTasks.AsNoTracking()
        .Where(t => t.Status == HumanTaskStatus.Open && t.AssigneeId == data.Heavy.UserId).OrderBy(t => t.Id).Select(t => t.Id).Take(200).ToListAsync();
}

var random = new Random(7);
var scenarios = new List<(string Name, StaffMember Who, Func<IMediator, Task<int>> Call)>
{
    ("My tasks, first page by due time (typical user)", data.Typical, m => ListAsync(m, TaskViewNames.Mine)),
    ("My tasks, first page by due time (heavy user)", data.Heavy, m => ListAsync(m, TaskViewNames.Mine)),
    ("My tasks, by priority, page 5 (heavy user)", data.Heavy, m => ListAsync(m, TaskViewNames.Mine, sort: TaskSorts.Priority, page: 5)),
    ("My tasks, module + priority filter (heavy user)", data.Heavy, m => ListAsync(m, TaskViewNames.Mine, module: "Funnel", priority: "High")),
    ("My tasks with includeTotal (heavy user)", data.Heavy, m => ListAsync(m, TaskViewNames.Mine, includeTotal: true)),
    ("My queues' unclaimed tasks (heavy user, busiest queue)", data.Heavy, m => ListAsync(m, TaskViewNames.Group)),
    ("Tasks I delegated (heavy user)", data.Heavy, m => ListAsync(m, TaskViewNames.Delegated)),
    ("Overdue (heavy user: own + queues)", data.Heavy, m => ListAsync(m, TaskViewNames.Overdue)),
    ("Completed by me, newest first (heavy user)", data.Heavy, m => ListAsync(m, TaskViewNames.Completed)),
    ("Badge counts: mine, group, delegated, overdue (typical user)", data.Typical, async m => (await m.Send(new TaskCountsQuery())).Mine),
    ("Badge counts: mine, group, delegated, overdue (heavy user)", data.Heavy, async m => (await m.Send(new TaskCountsQuery())).Mine),
    ("One task with history and actions (heavy user)", data.Heavy, async m => (await m.Send(new GetTaskQuery(heavyTaskIds[random.Next(heavyTaskIds.Count)]))).History.Count),
};

var plans = new StringBuilder();
foreach (var (name, who, call) in scenarios)
{
    var stats = await MeasureAsync(who, call, 20, iterations);
    var line = $"| {name} | {stats.P50:N2} | {stats.P95:N2} | {stats.Max:N2} | {stats.Mean:N2} | {stats.Rows:N1} | {(stats.P95 < 20 ? "yes" : "**no**")} |";
    report.AppendLine(line);
    Console.WriteLine(line);

    capture.Enabled = true;
    await MeasureAsync(who, call, 0, 1);
    capture.Enabled = false;
    plans.AppendLine(CultureInfo.InvariantCulture, $"### {name}").AppendLine();
    foreach (var plan in capture.Take())
    {
        plans.AppendLine("```sql").AppendLine(plan.Sql).AppendLine("```").AppendLine("```").AppendLine(plan.Plan).AppendLine("```");
    }
}

// ---- Complete and resume ----------------------------------------------------------------------------------------
report.AppendLine();
report.AppendLine("## Complete and resume");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture,
    $"A published flowchart Start → Human task (assigned to one of 50 people) → Write line. {completions:N0} instances are started through WorkflowRunner.StartAsync (each start commits the instance, its bookmark and its task in one transaction), then each task is completed through IMediator (CompleteTaskCommand as the assignee: validation, task row, history, outbox event, bookmark claim by DELETE, the resumed burst to the end of the workflow, all in one transaction). Same store as above.");
report.AppendLine();
report.AppendLine("| Step | Workers | Count | per second | p50 ms | p95 ms | max ms |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
var definitionId = "bench-complete-" + Guid.NewGuid().ToString("N")[..8];
await using (var scope = sp.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(Flowchart(definitionId), publish: true, CancellationToken.None);
}

var assignees = data.Workers.Take(50).ToList();
var started = new System.Collections.Concurrent.ConcurrentBag<string>();
var startStats = await RunAsync(completions, 2, async i =>
{
    await using var scope = sp.CreateAsyncScope();
    var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().StartAsync(definitionId, null,
        new Dictionary<string, object?> { ["assignee"] = assignees[i % assignees.Count].UserId.ToString() }, null, CancellationToken.None);
    started.Add(instance.Id);
});
Row("Start (creates the task)", 2, startStats);

List<(Guid Task, Guid Assignee)> tasks;
await using (var scope = sp.CreateAsyncScope())
{
    var ids = started.ToList();
    tasks = (await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().HumanTasks.AsNoTracking()
            .Where(t => ids.Contains(t.WorkflowInstanceId) && t.Status == HumanTaskStatus.Open)
            .Select(t => new { t.Id, t.AssigneeId }).ToListAsync())
        .Select(t => (t.Id, t.AssigneeId!.Value)).ToList();
}

var staffById = data.Staff.ToDictionary(s => s.UserId);
var half = tasks.Count / 2;
foreach (var (workers, slice) in new[] { (1, tasks.Take(half).ToList()), (2, tasks.Skip(half).ToList()) })
{
    var stats = await RunAsync(slice.Count, workers, async i =>
    {
        await using var scope = sp.CreateAsyncScope();
        BenchIdentity.Current.Value = staffById[slice[i].Assignee];
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CompleteTaskCommand(slice[i].Task, "Done", "ok", null));
        if (result.WorkflowSubStatus != "Finished")
        {
            throw new InvalidOperationException($"Instance {result.WorkflowInstanceId} is {result.WorkflowSubStatus} after completing its task.");
        }
    });
    Row("Complete task + resume workflow to the end", workers, stats);
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Load average at end: {LoadAverage()}.");
report.AppendLine();
report.AppendLine("## Query plans");
report.AppendLine();
report.Append(plans);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine($"Written to {output}");
return;

void Row(string step, int workers, RunStats stats)
{
    var line = $"| {step} | {workers} | {stats.Count:N0} | {stats.PerSecond:N0} | {stats.P50:N2} | {stats.P95:N2} | {stats.Max:N2} |";
    report.AppendLine(line);
    Console.WriteLine(line);
}

async Task<int> ListAsync(IMediator mediator, string view, string sort = TaskSorts.Due, int page = 1, string? module = null, string? priority = null, bool includeTotal = false) =>
    (await mediator.Send(new ListTasksQuery(view, module, null, priority, null, null, null, sort, false, page, 25, includeTotal))).Items.Count;

async Task<Stats> MeasureAsync(StaffMember who, Func<IMediator, Task<int>> call, int warmup, int count)
{
    var times = new List<double>(count);
    var rows = 0L;
    for (var i = 0; i < warmup + count; i++)
    {
        await using var scope = sp.CreateAsyncScope();
        BenchIdentity.Current.Value = who;
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var watch = Stopwatch.StartNew();
        var n = await call(mediator);
        watch.Stop();
        if (i >= warmup)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
            rows += n;
        }
    }

    times.Sort();
    return new Stats(Percentile(times, 0.50), Percentile(times, 0.95), times[^1], times.Average(), rows / (double)count);
}

static async Task<RunStats> RunAsync(int count, int workers, Func<int, Task> work)
{
    var next = -1;
    var times = new System.Collections.Concurrent.ConcurrentBag<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var watch = Stopwatch.StartNew();
            await work(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    })));
    clock.Stop();
    var sorted = times.Order().ToList();
    return new RunStats(count, count / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string SqliteVersion()
{
    using var connection = new SqliteConnection("Data Source=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "select sqlite_version()";
    return (string)command.ExecuteScalar()!;
}

static JsonObject Flowchart(string definitionId)
{
    static JsonObject Wrapped(string type, string value) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
    static JsonObject Connection(string from, string to) =>
        new() { ["source"] = new JsonObject { ["activity"] = from, ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" } };
    return new JsonObject
    {
        ["definitionId"] = definitionId,
        ["name"] = "Bench " + definitionId,
        ["inputs"] = new JsonArray(new JsonObject { ["type"] = "String", ["name"] = "assignee" }),
        ["root"] = new JsonObject
        {
            ["id"] = "root", ["type"] = "Elsa.Flowchart", ["version"] = 1,
            ["activities"] = new JsonArray(
                new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start", ["version"] = 1 },
                new JsonObject
                {
                    ["id"] = "task", ["type"] = "Crm.HumanTask", ["version"] = 1,
                    ["title"] = Wrapped("Literal", "Check the order"),
                    ["assignee"] = Wrapped("JavaScript", "getInput('assignee')"),
                },
                new JsonObject { ["id"] = "end", ["type"] = "Elsa.WriteLine", ["version"] = 1, ["text"] = Wrapped("Literal", "done") }),
            ["connections"] = new JsonArray(Connection("start", "task"), Connection("task", "end")),
        },
    };
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Crm.Modular.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

internal sealed record Stats(double P50, double P95, double Max, double Mean, double Rows);

internal sealed record RunStats(int Count, double PerSecond, double P50, double P95, double Max);

/// <summary>SQLite's plan for each command EF sends while <see cref="Enabled"/>; off during the timed calls.</summary>
internal sealed class PlanCapture : DbCommandInterceptor
{
    private readonly List<(string Sql, string Plan)> _plans = [];

    public bool Enabled { get; set; }

    public List<(string Sql, string Plan)> Take()
    {
        var copy = _plans.ToList();
        _plans.Clear();
        return copy;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Enabled && command.CommandText.Contains("HumanTask", StringComparison.Ordinal))
        {
            await using var explain = command.Connection!.CreateCommand();
            explain.Transaction = command.Transaction;
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (SqliteParameter p in command.Parameters)
            {
                explain.Parameters.Add(new SqliteParameter(p.ParameterName, p.Value ?? DBNull.Value));
            }

            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(3));
                }
            }

            _plans.Add((command.CommandText, string.Join('\n', lines)));
        }

        return result;
    }
}
