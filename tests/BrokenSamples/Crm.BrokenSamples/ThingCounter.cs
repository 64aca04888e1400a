using Crm.BrokenSamples.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.BrokenSamples;

/// <summary>Broken: EF Core used outside Persistence, Features, PublicApi and Seeding.</summary>
internal sealed class ThingCounter(BrokenDbContext db)
{
    public Task<int> CountAsync() => db.Things.CountAsync();
}
