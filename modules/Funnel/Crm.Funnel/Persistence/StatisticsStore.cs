using Crm.Funnel.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Persistence;

/// <summary>
/// Writes opportunity changes together with their statistics delta (<see cref="FunnelTotal"/>, <see cref="StageReach"/>)
/// in one transaction, so the funnel and forecast never disagree with the opportunities they summarise.
/// </summary>
internal static class StatisticsStore
{
    /// <summary>Saves the staged changes (entities, outbox) and applies <paramref name="delta"/>, all or nothing.</summary>
    public static async Task SaveAsync(FunnelDbContext db, StatisticsDelta delta, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            await ApplyAsync(db, delta, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ApplyAsync(db, delta, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Adds the delta row by row, each with one UPDATE (no read-modify-write, so concurrent changes add up) or, where the
    /// row is missing, an INSERT. Rows are taken in one fixed order (totals, then reach, each by key) and each row is
    /// finished before the next is touched, so a transaction only ever waits for a row later than all it holds and two
    /// writers cannot deadlock. On a server database a concurrent insert of the same key loses with a key violation; EF
    /// rolls that insert back to its savepoint and the increment is retried as an UPDATE. On SQLite the first write takes
    /// the database lock, so no other writer can insert in between.
    /// </summary>
    public static async Task ApplyAsync(FunnelDbContext db, StatisticsDelta delta, CancellationToken cancellationToken)
    {
        foreach (var t in delta.Totals.OrderBy(t => t.Key.StageId).ThenBy(t => t.Key.OwnerKey).ThenBy(t => t.Key.BranchKey).ThenBy(t => t.Key.Month))
        {
            await UpsertAsync(db, () => IncrementAsync(db, t, cancellationToken), new FunnelTotal
            {
                PipelineId = t.Key.PipelineId, StageId = t.Key.StageId, OwnerKey = t.Key.OwnerKey, BranchKey = t.Key.BranchKey, Month = t.Key.Month,
                Count = t.Count, Amount = t.Amount, CycleDays = t.CycleDays,
            }, cancellationToken);
        }

        foreach (var r in delta.Reach.OrderBy(r => r.Key.StageId).ThenBy(r => r.Key.OwnerKey).ThenBy(r => r.Key.BranchKey).ThenBy(r => r.Key.Month))
        {
            await UpsertAsync(db, () => IncrementAsync(db, r, cancellationToken), new StageReach
            {
                PipelineId = r.Key.PipelineId, StageId = r.Key.StageId, OwnerKey = r.Key.OwnerKey, BranchKey = r.Key.BranchKey, Month = r.Key.Month, Count = r.Count,
            }, cancellationToken);
        }
    }

    private static async Task UpsertAsync<TRow>(FunnelDbContext db, Func<Task<int>> increment, TRow row, CancellationToken cancellationToken)
        where TRow : class
    {
        if (await increment() > 0)
        {
            return;
        }

        var entry = db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!db.Database.IsSqlite())
        {
            // Another transaction inserted this key first (and has committed, or the insert would still be waiting).
            entry.State = EntityState.Detached;
            if (await increment() == 0)
            {
                throw;
            }
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Recomputes the statistics of <paramref name="pipelineId"/> (all pipelines when null) from the opportunities: after
    /// bulk loads and when a pipeline's stages were inserted, removed or reordered. Runs in the caller's transaction.
    /// </summary>
    public static async Task RebuildAsync(FunnelDbContext db, Guid? pipelineId, CancellationToken cancellationToken)
    {
        var totals = db.FunnelTotals.AsQueryable();
        var reach = db.StageReach.AsQueryable();
        var opportunities = db.Opportunities.AsNoTracking();
        if (pipelineId is { } id)
        {
            totals = totals.Where(t => t.PipelineId == id);
            reach = reach.Where(r => r.PipelineId == id);
            opportunities = opportunities.Where(o => o.PipelineId == id);
        }

        await totals.ExecuteDeleteAsync(cancellationToken);
        await reach.ExecuteDeleteAsync(cancellationToken);

        var newTotals = await opportunities
            .GroupBy(o => new
            {
                o.PipelineId,
                o.StageId,
                OwnerKey = o.OwnerId ?? Guid.Empty,
                BranchKey = o.BranchId ?? Guid.Empty,
                Month = o.Status == OpportunityStatus.Open ? o.ExpectedCloseMonth : o.ClosedMonth ?? o.ExpectedCloseMonth,
            })
            .Select(g => new { g.Key, Count = g.LongCount(), Amount = g.Sum(o => o.CompanyAmount) })
            .ToListAsync(cancellationToken);

        // Cycle days need date arithmetic SQLite cannot do on EF's text dates, so closed opportunities are summed here
        // from two columns each; they are a fraction of the rows and this runs only on rebuilds.
        var cycles = (await opportunities.Where(o => o.ClosedAtUtc != null)
                .Select(o => new
                {
                    o.PipelineId, o.StageId, OwnerKey = o.OwnerId ?? Guid.Empty, BranchKey = o.BranchId ?? Guid.Empty, Month = o.ClosedMonth ?? o.ExpectedCloseMonth,
                    o.CreatedAtUtc, ClosedAtUtc = o.ClosedAtUtc!.Value,
                })
                .ToListAsync(cancellationToken))
            .GroupBy(o => new TotalKey(o.PipelineId, o.StageId, o.OwnerKey, o.BranchKey, o.Month))
            .ToDictionary(g => g.Key, g => g.Sum(o => (long)Math.Max(0, (o.ClosedAtUtc - o.CreatedAtUtc).TotalDays)));

        db.FunnelTotals.AddRange(newTotals.Select(t =>
        {
            var key = new TotalKey(t.Key.PipelineId, t.Key.StageId, t.Key.OwnerKey, t.Key.BranchKey, t.Key.Month);
            return new FunnelTotal
            {
                PipelineId = key.PipelineId, StageId = key.StageId, OwnerKey = key.OwnerKey, BranchKey = key.BranchKey, Month = key.Month,
                Count = t.Count, Amount = t.Amount, CycleDays = cycles.GetValueOrDefault(key),
            };
        }));

        // Reach: every non-Lost stage up to the furthest one, per creation month.
        var stages = await db.PipelineStages.AsNoTracking()
            .Where(s => pipelineId == null || s.PipelineId == pipelineId)
            .ToListAsync(cancellationToken);
        var furthest = await opportunities
            .GroupBy(o => new { o.PipelineId, o.FurthestStageId, OwnerKey = o.OwnerId ?? Guid.Empty, BranchKey = o.BranchId ?? Guid.Empty, o.CreatedMonth })
            .Select(g => new { g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var byPipeline = stages.ToLookup(s => s.PipelineId);
        var stageOrder = stages.ToDictionary(s => s.Id, s => s.Order);
        var newReach = new Dictionary<TotalKey, long>();
        foreach (var f in furthest)
        {
            var order = stageOrder.GetValueOrDefault(f.Key.FurthestStageId);
            foreach (var stage in byPipeline[f.Key.PipelineId].Where(s => s.Kind != StageKind.Lost && s.Order <= order))
            {
                var key = new TotalKey(f.Key.PipelineId, stage.Id, f.Key.OwnerKey, f.Key.BranchKey, f.Key.CreatedMonth);
                newReach[key] = newReach.GetValueOrDefault(key) + f.Count;
            }
        }

        db.StageReach.AddRange(newReach.Select(r => new StageReach
        {
            PipelineId = r.Key.PipelineId, StageId = r.Key.StageId, OwnerKey = r.Key.OwnerKey, BranchKey = r.Key.BranchKey, Month = r.Key.Month, Count = r.Value,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Task<int> IncrementAsync(FunnelDbContext db, TotalDelta t, CancellationToken cancellationToken)
    {
        var k = t.Key;
        return db.FunnelTotals
            .Where(x => x.PipelineId == k.PipelineId && x.StageId == k.StageId && x.OwnerKey == k.OwnerKey && x.BranchKey == k.BranchKey && x.Month == k.Month)
            .ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Count, x => x.Count + t.Count)
                    .SetProperty(x => x.Amount, x => x.Amount + t.Amount)
                    .SetProperty(x => x.CycleDays, x => x.CycleDays + t.CycleDays),
                cancellationToken);
    }

    private static Task<int> IncrementAsync(FunnelDbContext db, ReachDelta r, CancellationToken cancellationToken)
    {
        var k = r.Key;
        return db.StageReach
            .Where(x => x.PipelineId == k.PipelineId && x.StageId == k.StageId && x.OwnerKey == k.OwnerKey && x.BranchKey == k.BranchKey && x.Month == k.Month)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Count, x => x.Count + r.Count), cancellationToken);
    }
}
