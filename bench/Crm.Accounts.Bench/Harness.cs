using System.Diagnostics;
using Crm.Accounts.Features.ListAccounts;
using Crm.BuildingBlocks.Application;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Bench;

internal sealed record Measurement(
    string Group,
    string Scenario,
    int Iterations,
    double P50,
    double P95,
    double Max,
    double Mean,
    double RowsPerCall,
    double? TargetMs,
    string Note = "")
{
    public bool? Met => TargetMs is { } target ? P95 < target : null;
}

/// <summary>
/// Times one list scenario end to end below HTTP: a fresh DI scope per call (new DbContext, pooled connection),
/// IMediator.Send through the logging and validation behaviours, and disposal. Warm-up calls compile the EF query and
/// fill SQLite's and the OS page cache first, so the numbers are for a warm server.
/// </summary>
internal sealed class Harness(IServiceProvider services, int warmup, int iterations, Action<string> log)
{
    public int Iterations => iterations;

    public async Task<Measurement> ListAsync(
        string group, string scenario, Func<Random, ListAccountsQuery> make, double? targetMs, int seed, string note = "", int? iterationsOverride = null)
    {
        var random = new Random(seed);
        for (var i = 0; i < warmup; i++)
        {
            await SendAsync(make(random));
        }

        // A collection now, not in the middle of the timed loop, so the first iterations do not pay for the warm-up's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var n = iterationsOverride ?? iterations;
        var times = new double[n];
        long rows = 0;
        for (var i = 0; i < n; i++)
        {
            var query = make(random);
            var started = Stopwatch.GetTimestamp();
            var result = await SendAsync(query);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            rows += result.Items.Count;
        }

        var m = Summarize(group, scenario, times, (double)rows / n, targetMs, note);
        log($"  {scenario,-58} p50 {m.P50,8:N2}  p95 {m.P95,8:N2}  max {m.Max,8:N2} ms  ({m.RowsPerCall:N1} rows/call)");
        return m;
    }

    public async Task<PagedResult<AccountListItem>> SendAsync(ListAccountsQuery query)
    {
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        return await mediator.Send(query);
    }

    public static Measurement Summarize(string group, string scenario, double[] times, double rowsPerCall, double? targetMs, string note)
    {
        var sorted = times.Order().ToArray();
        return new Measurement(group, scenario, sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), sorted[^1], sorted.Average(), rowsPerCall, targetMs, note);
    }

    /// <summary>Nearest-rank percentile: an actual observed latency, never an interpolation between two.</summary>
    public static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
