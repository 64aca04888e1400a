using Crm.Branches.Domain;
using Crm.Branches.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Branches.Demo;

/// <summary>
/// Fills an empty organisation with the demo company (Demo:Seed=true): headquarters in Shanghai, the branches Beijing,
/// Shanghai and Shenzhen, each with a sales team and a service team, and the demo staff placed in them. The branch units
/// keep the branch ids the demo users' profiles and the demo customers already carry, so every record stays in the
/// branch it was in, and every demo user is placed in their profile's branch.
/// </summary>
internal sealed class BranchesDemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BranchesDemoSeeder> logger) : IHostedService
{
    internal const string SeedJob = "branches-demo-seed";

    internal const string SystemUser = "demo";

    internal static readonly Guid Headquarters = Guid.Parse("b2a0c000-0000-4000-8000-000000000100");

    /// <summary>The branches, with the ids of the demo profiles and customers (DemoStaff, AccountsDemoSeeder.DemoBranches).</summary>
    internal static readonly IReadOnlyList<DemoBranch> Branches =
    [
        new(Guid.Parse("b2a0c000-0000-4000-8000-000000000002"), "北京分公司", "BJ", "北京"),
        new(Guid.Parse("b2a0c000-0000-4000-8000-000000000001"), "上海分公司", "SH", "上海"),
        new(Guid.Parse("b2a0c000-0000-4000-8000-000000000003"), "深圳分公司", "SZ", "深圳"),
    ];

    // Declared before the placements that use it: static fields initialise in the order they are written.
    private static readonly Guid Executive = Person("a4");

    /// <summary>
    /// Where each demo user sits (the ids of Crm.Identity's DemoStaff, as AccountsDemoSeeder.DemoOwners keeps them): branch
    /// managers lead and sit in their branch, sales people in its sales team, service people in its service team, the
    /// rest at headquarters, which the executive leads. <c>DemoOrganisationTests</c> checks this against the demo profiles.
    /// </summary>
    internal static readonly IReadOnlyList<(Guid Person, Guid Unit)> Placements =
    [
        (Person("a1"), Headquarters), (Person("a2"), Headquarters), (Person("a3"), Headquarters), (Executive, Headquarters),
        (Person("05"), Branches[1].Id), (Person("01"), TeamId(Branches[1].Id, SalesTeam)), (Person("04"), TeamId(Branches[1].Id, ServiceTeam)),
        (Person("06"), Branches[0].Id), (Person("02"), TeamId(Branches[0].Id, SalesTeam)),
        (Person("a5"), Branches[2].Id), (Person("03"), TeamId(Branches[2].Id, SalesTeam)),
    ];

    private const int SalesTeam = 1;
    private const int ServiceTeam = 2;

    /// <summary>The managers of the branches, in the order of <see cref="Branches"/>.</summary>
    private static readonly Guid[] BranchManagers = [Person("06"), Person("05"), Person("a5")];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        if (await db.IsDoneAsync(SeedJob, cancellationToken) || await db.Units.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (units, memberships) = Build(new DateOnly(now.Year, 1, 1), now);
        db.Units.AddRange(units);
        db.Memberships.AddRange(memberships);
        db.MarkDone(SeedJob);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another host starting on the same store seeded first, so this attempt rolled back whole on the marker's
            // key; if nobody seeded, it is a real failure.
            if (!await db.IsDoneAsync(SeedJob, cancellationToken))
            {
                throw;
            }

            logger.LogInformation("The demo organisation was seeded by another host");
            return;
        }

        logger.LogInformation("Seeded the demo organisation: {Units} units, {People} people placed", units.Count, memberships.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The units, and the <see cref="Placements"/> as memberships from <paramref name="from"/>.</summary>
    internal static (List<OrgUnit> Units, List<Membership> Memberships) Build(DateOnly from, DateTime nowUtc)
    {
        var hq = OrgUnit.Create(Headquarters, null, "总部（上海）", "HQ", Executive, "Asia/Shanghai", SystemUser, nowUtc);
        var units = new List<OrgUnit> { hq };
        for (var i = 0; i < Branches.Count; i++)
        {
            var branch = Branches[i];
            var unit = OrgUnit.Create(branch.Id, hq, branch.Name, branch.Code, BranchManagers[i], "Asia/Shanghai", SystemUser, nowUtc);
            units.Add(unit);
            units.Add(OrgUnit.Create(TeamId(branch.Id, SalesTeam), unit, branch.City + "销售部", branch.Code + "-SALES", null, "Asia/Shanghai", SystemUser, nowUtc));
            units.Add(OrgUnit.Create(TeamId(branch.Id, ServiceTeam), unit, branch.City + "服务部", branch.Code + "-SERVICE", null, "Asia/Shanghai", SystemUser, nowUtc));
        }

        var memberships = Placements.Select(p => Membership.Start(p.Person, p.Unit, from, isPrimary: true, SystemUser, nowUtc)).ToList();
        return (units, memberships);
    }

    private static Guid Person(string suffix) => Guid.Parse($"5a1e0000-0000-4000-8000-0000000000{suffix}");

    /// <summary>A team's id derived from its branch's, so every installation's demo teams have the same ids.</summary>
    internal static Guid TeamId(Guid branchId, int team)
    {
        var bytes = branchId.ToByteArray();
        bytes[^2] = (byte)team;
        return new Guid(bytes);
    }

    internal sealed record DemoBranch(Guid Id, string Name, string Code, string City);
}
