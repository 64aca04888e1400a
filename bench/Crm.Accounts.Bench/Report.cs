using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Crm.Accounts.Bench;

internal sealed record RunInfo(
    DateTime StartedUtc,
    int Rows,
    string FillNote,
    long DatabaseBytes,
    string SqliteVersion,
    int Warmup,
    int Iterations,
    string CommandLine,
    string LoadAtStart,
    string LoadAtEnd);

internal static class Report
{
    public static string Markdown(
        RunInfo run, IReadOnlyList<Measurement> list, IReadOnlyList<ImportResult> imports,
        IReadOnlyList<(string Scenario, IReadOnlyList<CapturedPlan> Plans)> plans)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# Accounts benchmark, {run.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{run.CommandLine}`");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores ({Cpu()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):N1} GiB RAM, {RuntimeInformation.OSDescription}");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min) at start: {run.LoadAtStart}; at end: {run.LoadAtEnd}. The machine is shared; anything above ~1 means other processes competed for the 2 cores and inflated the tails.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Runtime: {RuntimeInformation.FrameworkDescription}, Server GC {System.Runtime.GCSettings.IsServerGC}; SQLite {run.SqliteVersion} (WAL, pooled connections, no ANALYZE statistics, as the host runs it)");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Data: {run.Rows:N0} accounts, database file {run.DatabaseBytes / (1024.0 * 1024):N0} MiB; {run.FillNote}");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Method: IMediator.Send(ListAccountsQuery) in a new DI scope per call (validation and logging behaviours included, no HTTP); {run.Warmup} warm-up calls, then {run.Iterations} timed calls per scenario with random parameters where the scenario has any; warm OS page cache. Page size 25. Nearest-rank percentiles.");
        s.AppendLine();

        if (list.Count > 0)
        {
            foreach (var group in list.GroupBy(m => m.Group))
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"## {GroupTitle(group.Key)}");
                s.AppendLine();
                s.AppendLine("| Scenario | p50 ms | p95 ms | max ms | mean ms | rows/call | target p95 | met | notes |");
                s.AppendLine("|---|---:|---:|---:|---:|---:|---|---|---|");
                foreach (var m in group)
                {
                    var target = m.TargetMs is { } t ? $"< {t:N0} ms" : "n/a";
                    var met = m.Met switch { true => "yes", false => "**no**", null => "" };
                    s.AppendLine(CultureInfo.InvariantCulture,
                        $"| {m.Scenario} | {m.P50:N2} | {m.P95:N2} | {m.Max:N2} | {m.Mean:N2} | {m.RowsPerCall:N1} | {target} | {met} | {m.Note} |");
                }

                s.AppendLine();
            }
        }

        if (imports.Count > 0)
        {
            s.AppendLine("## CSV import (ImportAccountsCommand through IMediator, one call)");
            s.AppendLine();
            s.AppendLine("| Into | rows | accounts before | seconds | rows/s | target | met | imported | verified |");
            s.AppendLine("|---|---:|---:|---:|---:|---|---|---:|---|");
            foreach (var i in imports)
            {
                var met = i.DryRun ? "" : i.RowsPerSecond > ImportBenchmark.TargetRowsPerSecond ? "yes" : "**no**";
                var verified = i.DryRun
                    ? i.Verified ? $"yes ({i.ValidRows:N0} valid rows, nothing written)" : $"**no** ({i.Errors} errors, {i.ValidRows:N0} valid)"
                    : i.Verified
                    ? $"yes ({i.AccountsAfter:N0} accounts, {i.SearchRowsAfter:N0} search rows, {i.StageChangesAfter:N0} stage changes, {i.OutboxAfter:N0} outbox messages)"
                    : $"**no** ({i.Errors} errors, {i.AccountsAfter:N0} accounts, {i.SearchRowsAfter:N0} search rows)";
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| {i.Target} | {i.Rows:N0} | {i.RowsBefore:N0} | {i.Seconds:N1} | {i.RowsPerSecond:N0} | {(i.DryRun ? "(validation only)" : $"> {ImportBenchmark.TargetRowsPerSecond:N0} rows/s")} | {met} | {i.Imported:N0} | {verified} |");
            }

            s.AppendLine();
        }

        if (plans.Count > 0)
        {
            s.AppendLine("## Appendix: SQL and SQLite query plans (EXPLAIN QUERY PLAN, one call per scenario)");
            s.AppendLine();
            foreach (var (scenario, captured) in plans)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"### {scenario}");
                s.AppendLine();
                foreach (var plan in captured)
                {
                    s.AppendLine("```sql");
                    s.AppendLine(plan.Sql.Trim());
                    s.AppendLine("```");
                    if (plan.Parameters.Length > 0)
                    {
                        s.AppendLine(CultureInfo.InvariantCulture, $"Parameters: `{plan.Parameters}`");
                        s.AppendLine();
                    }

                    s.AppendLine("```text");
                    s.AppendLine(plan.Plan);
                    s.AppendLine("```");
                    s.AppendLine();
                }
            }
        }

        return s.ToString();
    }

    private static string GroupTitle(string group) => group switch
    {
        "List" => "List pages (unfiltered)",
        "Filter" => "Filtered first pages (sort name)",
        "Search" => "Search first pages (sort name)",
        "Total" => "includeTotal=true (page + COUNT), reported separately",
        _ => group,
    };

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" off Linux.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
