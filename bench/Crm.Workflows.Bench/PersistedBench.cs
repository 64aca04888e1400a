using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Persisted throughput of the real <see cref="WorkflowRunner"/> over SQLite files (the real host via CrmApp, no
/// business module, timers and outbox polling off): each instance runs in its own DI scope, as a request would, and is
/// committed before it counts.
/// </summary>
internal static class PersistedBench
{
    public static async Task<string> RunAsync(int instances, int suspended, int resumes)
    {
        using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?>
        {
            ["Workflows:Timers:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var client = app.CreateClient();
        var fiveId = await PublishAsync(client, Flowcharts.FiveActivitiesJson(javaScript: false), "bench-five");
        var eventId = await PublishAsync(client, Flowcharts.WaitForEventJson("Go"), "bench-event");

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Workflow runner, persisted on SQLite ({DateTime.UtcNow:yyyy-MM-dd})");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
            $"server GC {System.Runtime.GCSettings.IsServerGC}. Load average at start: {LoadAverage()}.");
        report.AppendLine();
        report.AppendLine("| Scenario | Instances | Instances/s | p50 | p95 | p99 |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");

        foreach (var workers in new[] { 1, 2 })
        {
            await MeasureAsync(app, Math.Min(500, instances / 4), workers, (runner, i) => StartFiveAsync(runner, fiveId, i)); // warm-up
            var m = await MeasureAsync(app, instances, workers, (runner, i) => StartFiveAsync(runner, fiveId, i));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| 5-activity flowchart, start to end, committed, {workers} worker{(workers > 1 ? "s" : "")} | {instances:N0} | {m.PerSecond:N0} | {Ms(m.P50)} | {Ms(m.P95)} | {Ms(m.P99)} |");
            Console.WriteLine(report.ToString().Split('\n')[^2]);
        }

        // Fill: suspended instances waiting at an Event bookmark. The first `seed` go through the runner on two workers
        // (timed); the rest are copies of one of them made in SQL (instance row with its state JSON, bookmark row; fresh
        // ids substituted), because the runner alone would take far longer than the benchmark budget on this machine.
        var seed = Math.Min(suspended, 5_000);
        var fillClock = Stopwatch.StartNew();
        var fill = await MeasureAsync(app, seed, 2, async (runner, i) =>
        {
            var record = await runner.StartAsync(eventId, null, null, null, CancellationToken.None);
            if (record.SubStatus != "Suspended")
            {
                throw new InvalidOperationException($"Fill instance {i} is {record.SubStatus}.");
            }
        }, progress: true);
        var runnerFill = fillClock.Elapsed;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| Start → Event bookmark, suspended, committed, 2 workers (fill) | {seed:N0} | {fill.PerSecond:N0} | {Ms(fill.P50)} | {Ms(fill.P95)} | {Ms(fill.P99)} |");
        Console.WriteLine(report.ToString().Split('\n')[^2]);
        var copies = suspended - seed;
        if (copies > 0)
        {
            await CopySuspendedAsync(app, copies);
        }

        fillClock.Stop();

        List<string> bookmarkIds;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            bookmarkIds = await db.Bookmarks.AsNoTracking().Select(b => b.Id).ToListAsync();
        }

        var random = new Random(42);
        var picked = bookmarkIds.OrderBy(_ => random.Next()).Take(resumes + 50).ToArray();
        var storeSize = bookmarkIds.Count;
        // The first 50 warm the resume path; the rest are measured, one at a time.
        var warm = picked[..50];
        var measured = picked[50..];
        await MeasureAsync(app, warm.Length, 1, (runner, i) => ResumeAsync(runner, warm[i]));
        var resume = await MeasureAsync(app, measured.Length, 1, (runner, i) => ResumeAsync(runner, measured[i]));
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| Resume one random bookmark of {storeSize:N0} suspended, run to end, committed, 1 worker | {measured.Length:N0} | {resume.PerSecond:N0} | {Ms(resume.P50)} | {Ms(resume.P95)} | {Ms(resume.P99)} |");

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average at end: {LoadAverage()}. Fill of {suspended:N0}: {seed:N0} through the runner in {runnerFill.TotalSeconds:N0} s, " +
            $"the other {Math.Max(0, suspended - seed):N0} as SQL copies of one of them (instance row with its state JSON and bookmark row, fresh ids; no journal " +
            $"or execution records), {fillClock.Elapsed.TotalSeconds:N0} s in all.");
        report.AppendLine();
        report.AppendLine("Each instance runs through `WorkflowRunner` (StartAsync / ResumeAsync by bookmark id) in its own DI scope, so its own");
        report.AppendLine("`WorkflowsDbContext`, exactly as an API request does; latency includes the definition lookup, the burst, the one");
        report.AppendLine("transaction writing instance, bookmarks, journal and execution records, and the runner's reload of the instance (since ADR 0036 only when the burst published events).");
        report.AppendLine("The 5-activity flowchart is the in-memory bench's \"literals only\" one (Start → SetVariable → FlowDecision → WriteLine → End).");
        report.AppendLine("The store is the real host (CrmApp over temporary SQLite files, no business module), timers and outbox polling off.");
        report.AppendLine("All suspended instances wait on the same event name (`Go`); resumes address the bookmark by id, not by event.");
        return report.ToString();
    }

    /// <summary>Copies one suspended instance (instance and bookmark rows) <paramref name="copies"/> times with fresh ids.</summary>
    private static async Task CopySuspendedAsync(CrmApp app, int copies)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var template = await db.Bookmarks.AsNoTracking().OrderBy(b => b.Id).FirstAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<List<string>> ColumnsAsync(string table)
        {
            var columns = new List<string>();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }

            return columns;
        }

        string Select(IEnumerable<string> columns, Func<string, string?> substitute) =>
            string.Join(", ", columns.Select(c => substitute(c) ?? $"t.\"{c}\""));

        var instanceColumns = await ColumnsAsync("WorkflowInstances");
        var bookmarkColumns = await ColumnsAsync("Bookmarks");
        var iid = template.InstanceId;
        var bid = template.Id;
        var sql = $"""
            CREATE TEMP TABLE Clones AS
              WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {copies})
              SELECT n, lower(hex(randomblob(16))) AS Iid, lower(hex(randomblob(16))) AS Bid FROM c;
            INSERT INTO "WorkflowInstances" ({string.Join(", ", instanceColumns.Select(c => $"\"{c}\""))})
              SELECT {Select(instanceColumns, c => c switch
              {
                  "Id" => "k.Iid",
                  "State" => $"replace(replace(t.\"State\", '{iid}', k.Iid), '{bid}', k.Bid)",
                  _ => null,
              })}
              FROM "WorkflowInstances" t CROSS JOIN Clones k WHERE t."Id" = '{iid}';
            INSERT INTO "Bookmarks" ({string.Join(", ", bookmarkColumns.Select(c => $"\"{c}\""))})
              SELECT {Select(bookmarkColumns, c => c switch
              {
                  "Id" => "k.Bid",
                  "InstanceId" => "k.Iid",
                  _ => null,
              })}
              FROM "Bookmarks" t CROSS JOIN Clones k WHERE t."Id" = '{bid}';
            DROP TABLE Clones;
            """;
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task StartFiveAsync(WorkflowRunner runner, string definitionId, int index)
    {
        var record = await runner.StartAsync(definitionId, null, new Dictionary<string, object?> { ["Amount"] = index % 200 }, null, CancellationToken.None);
        if (record.SubStatus != "Finished")
        {
            throw new InvalidOperationException($"Instance {index} ended {record.SubStatus}.");
        }
    }

    private static async Task ResumeAsync(WorkflowRunner runner, string bookmarkId)
    {
        var record = await runner.ResumeAsync(bookmarkId, null, CancellationToken.None);
        if (record.SubStatus != "Finished")
        {
            throw new InvalidOperationException($"Resumed instance {record.Id} ended {record.SubStatus}.");
        }
    }

    private static async Task<Measurement> MeasureAsync(CrmApp app, int count, int workers, Func<WorkflowRunner, int, Task> run, bool progress = false)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await run(scope.ServiceProvider.GetRequiredService<WorkflowRunner>(), i);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (progress && i % 10_000 == 0)
                {
                    Console.WriteLine($"  {i:N0} after {clock.Elapsed.TotalSeconds:N0} s");
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        clock.Stop();
        Array.Sort(latencies);
        return new Measurement(count / clock.Elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.95)], latencies[(int)(count * 0.99)], 0);
    }

    private static async Task<string> PublishAsync(HttpClient client, JsonObject model, string definitionId)
    {
        model.Remove("id");
        model["definitionId"] = definitionId;
        model["name"] = definitionId;
        var response = await client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Publishing {definitionId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return definitionId;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static string Ms(double milliseconds) => milliseconds < 1 ? $"{milliseconds * 1000:N0} µs" : $"{milliseconds:N2} ms";
}
