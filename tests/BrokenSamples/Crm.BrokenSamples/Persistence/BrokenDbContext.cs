using Crm.BrokenSamples.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.BrokenSamples.Persistence;

internal sealed class BrokenDbContext(DbContextOptions<BrokenDbContext> options) : DbContext(options)
{
    public DbSet<Thing> Things => Set<Thing>();
}
