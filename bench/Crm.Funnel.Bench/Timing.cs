using System.Diagnostics;
using System.Globalization;

namespace Crm.Funnel.Bench;

/// <summary>Latency samples of one scenario: p50/p95 by nearest rank, as in the Accounts bench.</summary>
internal sealed record Timing(string Name, IReadOnlyList<double> Milliseconds, string Note = "")
{
    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double Max => Milliseconds.Max();

    public double Mean => Milliseconds.Average();

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {P50:0.0} | {P95:0.0} | {Max:0.0} | {Mean:0.0} | {Milliseconds.Count} | {Note} |");

    public static async Task<Timing> MeasureAsync(string name, int warmup, int iterations, Func<int, Task<string?>> call)
    {
        for (var i = 0; i < warmup; i++)
        {
            await call(-1 - i);
        }

        var samples = new List<double>(iterations);
        string? note = null;
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            note = await call(i);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var timing = new Timing(name, samples, note ?? "");
        Console.WriteLine(timing.Row);
        return timing;
    }

    private double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
