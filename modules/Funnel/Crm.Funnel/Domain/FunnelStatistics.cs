namespace Crm.Funnel.Domain;

/// <summary>
/// Running totals of opportunities per (pipeline, stage, owner, branch, month): count, amount and, for closed ones,
/// the summed days from creation to close. The month is the expected close month of an open opportunity and the close
/// month of a won or lost one. Funnel, forecast and sales-cycle views read these few thousand rows instead of
/// aggregating a million opportunities (ADR 0034); every opportunity change adjusts them in its own transaction.
/// </summary>
internal sealed class FunnelTotal
{
    public Guid PipelineId { get; init; }

    public Guid StageId { get; init; }

    /// <summary>The owner, or <see cref="Guid.Empty"/> for unassigned (part of the key, so never null).</summary>
    public Guid OwnerKey { get; init; }

    /// <summary>The branch, or <see cref="Guid.Empty"/>.</summary>
    public Guid BranchKey { get; init; }

    /// <summary>yyyymm.</summary>
    public int Month { get; init; }

    public long Count { get; set; }

    public decimal Amount { get; set; }

    public long CycleDays { get; set; }
}

/// <summary>
/// How many opportunities created in a month reached each stage (an opportunity that reached Proposal also passed the
/// stages before it; Won counts every open stage too). Conversion rates between stages are ratios of these counts.
/// </summary>
internal sealed class StageReach
{
    public Guid PipelineId { get; init; }

    public Guid StageId { get; init; }

    public Guid OwnerKey { get; init; }

    public Guid BranchKey { get; init; }

    /// <summary>yyyymm of the opportunity's creation (the cohort).</summary>
    public int Month { get; init; }

    public long Count { get; set; }
}

/// <summary>The statistics rows one opportunity adds to; the difference of two snapshots is what a change must apply.</summary>
internal sealed record Contribution(
    IReadOnlyList<(TotalKey Key, decimal Amount, long CycleDays)> Totals,
    IReadOnlyList<TotalKey> Reach)
{
    public static readonly Contribution None = new([], []);

    public static Contribution Of(Opportunity o, Pipeline pipeline)
    {
        var owner = o.OwnerId ?? Guid.Empty;
        var branch = o.BranchId ?? Guid.Empty;
        var month = o.Status == OpportunityStatus.Open ? o.ExpectedCloseMonth : o.ClosedMonth ?? o.ExpectedCloseMonth;
        var cycle = o.ClosedAtUtc is { } closed ? (long)Math.Max(0, (closed - o.CreatedAtUtc).TotalDays) : 0;
        var furthest = pipeline.Stage(o.FurthestStageId).Order;
        var reach = pipeline.Stages
            .Where(s => s.Kind != StageKind.Lost && s.Order <= furthest)
            .Select(s => new TotalKey(o.PipelineId, s.Id, owner, branch, o.CreatedMonth))
            .ToList();
        return new Contribution([(new TotalKey(o.PipelineId, o.StageId, owner, branch, month), o.CompanyAmount, cycle)], reach);
    }

    /// <summary>What turns <paramref name="before"/> into <paramref name="after"/>: per key, the change of count, amount and cycle days.</summary>
    public static StatisticsDelta Diff(Contribution before, Contribution after)
    {
        var totals = new Dictionary<TotalKey, (long Count, decimal Amount, long Cycle)>();
        foreach (var (key, amount, cycle) in before.Totals)
        {
            totals[key] = Add(totals.GetValueOrDefault(key), (-1, -amount, -cycle));
        }

        foreach (var (key, amount, cycle) in after.Totals)
        {
            totals[key] = Add(totals.GetValueOrDefault(key), (1, amount, cycle));
        }

        var reach = new Dictionary<TotalKey, long>();
        foreach (var key in before.Reach)
        {
            reach[key] = reach.GetValueOrDefault(key) - 1;
        }

        foreach (var key in after.Reach)
        {
            reach[key] = reach.GetValueOrDefault(key) + 1;
        }

        return new StatisticsDelta(
            totals.Where(t => t.Value != default).Select(t => new TotalDelta(t.Key, t.Value.Count, t.Value.Amount, t.Value.Cycle)).ToList(),
            reach.Where(r => r.Value != 0).Select(r => new ReachDelta(r.Key, r.Value)).ToList());
    }

    private static (long, decimal, long) Add((long Count, decimal Amount, long Cycle) a, (long Count, decimal Amount, long Cycle) b) =>
        (a.Count + b.Count, a.Amount + b.Amount, a.Cycle + b.Cycle);
}

internal readonly record struct TotalKey(Guid PipelineId, Guid StageId, Guid OwnerKey, Guid BranchKey, int Month);

internal sealed record TotalDelta(TotalKey Key, long Count, decimal Amount, long CycleDays);

internal sealed record ReachDelta(TotalKey Key, long Count);

internal sealed record StatisticsDelta(IReadOnlyList<TotalDelta> Totals, IReadOnlyList<ReachDelta> Reach)
{
    public bool IsEmpty => Totals.Count == 0 && Reach.Count == 0;

    /// <summary>Sums several deltas (a bulk change such as a handover).</summary>
    public static StatisticsDelta Combine(IEnumerable<StatisticsDelta> deltas)
    {
        var list = deltas.ToList();
        var totals = list.SelectMany(d => d.Totals).GroupBy(t => t.Key)
            .Select(g => new TotalDelta(g.Key, g.Sum(t => t.Count), g.Sum(t => t.Amount), g.Sum(t => t.CycleDays)))
            .Where(t => t.Count != 0 || t.Amount != 0 || t.CycleDays != 0)
            .ToList();
        var reach = list.SelectMany(d => d.Reach).GroupBy(r => r.Key)
            .Select(g => new ReachDelta(g.Key, g.Sum(r => r.Count)))
            .Where(r => r.Count != 0)
            .ToList();
        return new StatisticsDelta(totals, reach);
    }
}
