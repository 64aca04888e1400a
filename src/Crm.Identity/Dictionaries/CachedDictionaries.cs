using Crm.BuildingBlocks.PublicApi;
using Crm.Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Dictionaries;

/// <summary>
/// <see cref="IDictionaries"/> for every module: all dictionaries are read in one query and kept in memory, because
/// every form, list and validator asks for them and they change a few times a year. A change made through this host
/// drops the copy at once; other hosts of a cluster pick it up when theirs expires, after
/// <c>Dictionaries:CacheSeconds</c> (30 by default, ADR 0125).
/// </summary>
internal sealed class CachedDictionaries(IServiceScopeFactory scopes, IMemoryCache cache, IConfiguration configuration) : IDictionaries
{
    private static readonly object CacheKey = new();

    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue<int?>("Dictionaries:CacheSeconds") ?? 30));

    public async Task<IReadOnlyList<DictionaryEntry>> EntriesAsync(string dictionaryKey, bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        var all = await SnapshotAsync(cancellationToken);
        if (!all.TryGetValue(dictionaryKey, out var entries))
        {
            return [];
        }

        return includeRetired ? entries : entries.Where(e => !e.Retired).ToList();
    }

    public async Task<DictionaryEntry?> FindAsync(string dictionaryKey, string code, CancellationToken cancellationToken = default)
    {
        var all = await SnapshotAsync(cancellationToken);
        // Case-insensitive, as the enums these lists replace were parsed: "event" finds the entry "Event".
        return all.TryGetValue(dictionaryKey, out var entries)
            ? entries.FirstOrDefault(e => string.Equals(e.Code, code.Trim(), StringComparison.OrdinalIgnoreCase))
            : null;
    }

    /// <summary>Drops this host's copy; called after every change so the next read sees it.</summary>
    public void Invalidate() => cache.Remove(CacheKey);

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<DictionaryEntry>>> SnapshotAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(CacheKey, async item =>
        {
            item.AbsoluteExpirationRelativeToNow = _lifetime;
            return await LoadAsync(cancellationToken);
        }))!;

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<DictionaryEntry>>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmIdentityDbContext>();
        var rows = await db.Dictionaries.AsNoTracking()
            .Join(db.DictionaryEntries.AsNoTracking(), d => d.Id, e => e.DictionaryId,
                (d, e) => new { d.Key, e.Code, e.LabelEnglish, e.LabelChinese, e.Order, e.Retired })
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => r.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<DictionaryEntry>)g.OrderBy(r => r.Order).ThenBy(r => r.Code, StringComparer.Ordinal)
                    .Select(r => new DictionaryEntry(g.Key, r.Code, r.LabelEnglish, r.LabelChinese, r.Order, r.Retired))
                    .ToList(),
                StringComparer.OrdinalIgnoreCase);
    }
}
