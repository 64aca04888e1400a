using System.Diagnostics;
using System.Globalization;
using Bogus;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Persistence;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Analytics;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Funnel.Bench;

/// <summary>
/// Funnel, forecast, conversion, sales cycle and board at a million opportunities on the embedded SQLite store, through
/// the module's MediatR handlers wired as Crm.Host wires them (FunnelModule.RegisterServices), minus HTTP.
/// </summary>
internal static class QueryBench
{
    /// <summary>Bump when the generated data changes, so an old fill is not reused.</summary>
    private const int GeneratorVersion = 2;

    internal static readonly Guid[] Owners = Enumerable.Range(1, 100).Select(i => new Guid($"0a0a0a0a-0000-4000-8000-{i:000000000000}")).ToArray();

    internal static readonly Guid[] Branches = Enumerable.Range(1, 10).Select(i => new Guid($"0b0b0b0b-0000-4000-8000-{i:000000000000}")).ToArray();

    public static async Task<(IReadOnlyList<Timing> Timings, string FillNote)> RunAsync(string dataDirectory, int opportunities, int warmup, int iterations)
    {
        Directory.CreateDirectory(dataDirectory);
        await using var services = Build(dataDirectory);
        var fillNote = await FillAsync(services, dataDirectory, opportunities);

        Guid pipelineId;
        Guid[] openStages;
        List<Guid> openIds;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
            var pipeline = await db.Pipelines.Include(p => p.Stages).SingleAsync(p => p.IsDefault);
            pipelineId = pipeline.Id;
            openStages = pipeline.OpenStages.Select(s => s.Id).ToArray();
            openIds = await db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Open).OrderBy(o => o.Id).Select(o => o.Id).Take(5_000).ToListAsync();
        }

        var random = new Random(7);
        var now = DateTime.UtcNow;
        var thisMonth = $"{now:yyyy-MM}";
        var in11 = $"{now.AddMonths(11):yyyy-MM}";
        var yearAgo = $"{now.AddMonths(-11):yyyy-MM}";
        Guid Owner() => Owners[random.Next(Owners.Length)];
        Guid Branch() => Branches[random.Next(Branches.Length)];

        var timings = new List<Timing>
        {
            await Query(services, "Funnel by stage, whole company", warmup, iterations, _ => new FunnelQuery(new FunnelFilter(null, null, null, null, null))),
            await Query(services, "Funnel by stage, one owner", warmup, iterations, _ => new FunnelQuery(new FunnelFilter(null, Owner(), null, null, null))),
            await Query(services, "Funnel by stage, one branch, closing in the next 12 months", warmup, iterations,
                _ => new FunnelQuery(new FunnelFilter(pipelineId, null, Branch(), thisMonth, in11))),
            await Query(services, "Weighted forecast, 12 months × all owners", warmup, iterations, _ => new ForecastQuery(new FunnelFilter(null, null, null, null, null))),
            await Query(services, "Weighted forecast, 12 months, one owner", warmup, iterations, _ => new ForecastQuery(new FunnelFilter(pipelineId, Owner(), null, null, null))),
            await Query(services, "Conversion between stages, created in the last 12 months", warmup, iterations,
                _ => new ConversionQuery(new FunnelFilter(null, null, null, yearAgo, thisMonth))),
            await Query(services, "Average sales cycle, closed in the last 12 months, per owner", warmup, iterations,
                _ => new SalesCycleQuery(new FunnelFilter(null, null, null, yearAgo, thisMonth))),
            await Query(services, "Pipeline board (6 columns, 20 cards each), whole company", warmup, iterations, _ => new BoardQuery(null, null, 20)),
            await Query(services, "Pipeline board, one owner", warmup, iterations, _ => new BoardQuery(null, Owner(), 20)),
            await Query(services, "Open opportunities of one owner, first page", warmup, iterations,
                _ => new ListOpportunitiesQuery("Open", null, null, Owner(), false, null, null, null, null, 25, null)),
            await Query(services, "Open opportunities of one stage, first page", warmup, iterations,
                _ => new ListOpportunitiesQuery(null, null, openStages[random.Next(openStages.Length)], null, false, null, null, null, null, 25, null)),
        };

        // A write as the board's drag does it: the move plus its statistics delta, in one transaction.
        timings.Add(await Timing.MeasureAsync("Move an open opportunity to the next stage (write + statistics)", Math.Min(warmup, 10), Math.Min(iterations, 200), async i =>
        {
            var id = openIds[(i + 10) % openIds.Count + 0];
            await using var scope = services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var current = await mediator.Send(new GetOpportunityQuery(id));
            var index = Array.IndexOf(openStages, current.StageId);
            var next = openStages[(index + 1) % openStages.Length];
            await mediator.Send(new ChangeStageCommand(next, null, null, null, null) { Id = id });
            return null;
        }));

        // For comparison: what the funnel costs without the running totals, as a GROUP BY over the opportunities.
        timings.Add(await Timing.MeasureAsync("(comparison) funnel as GROUP BY over the opportunities table", 2, 10, async _ =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
            var rows = await db.Opportunities.AsNoTracking().Where(o => o.PipelineId == pipelineId)
                .GroupBy(o => o.StageId).Select(g => new { g.Key, Count = g.LongCount(), Amount = g.Sum(o => o.Amount) }).ToListAsync();
            return $"{rows.Count} stages";
        }));

        return (timings, fillNote);
    }

    private static Task<Timing> Query<TResponse>(ServiceProvider services, string name, int warmup, int iterations, Func<int, IRequest<TResponse>> request) =>
        Timing.MeasureAsync(name, warmup, iterations, async i =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request(i));
            return null;
        });

    private static async Task<string> FillAsync(ServiceProvider services, string dataDirectory, int count)
    {
        var marker = Path.Combine(dataDirectory, "bench-fill.txt");
        var expected = $"funnel generator {GeneratorVersion}, {count} opportunities";
        if (File.Exists(marker) && File.ReadAllText(marker).Trim() == expected)
        {
            return $"reused the fill in {dataDirectory} ({expected})";
        }

        foreach (var file in Directory.GetFiles(dataDirectory, "crm.funnel.db*"))
        {
            File.Delete(file);
        }

        var clock = Stopwatch.StartNew();
        await services.GetServices<IModuleDatabase>().Single().MigrateAsync(CancellationToken.None);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        var now = DateTime.UtcNow;
        // The default pipeline comes with the Initial migration.
        var pipeline = await db.Pipelines.Include(p => p.Stages).AsNoTracking().SingleAsync(p => p.IsDefault);

        // Secondary indexes are dropped for the load and rebuilt from their own DDL afterwards (one sort each).
        var indexes = await db.Database.SqlQueryRaw<string>(
            "SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Opportunities' AND sql IS NOT NULL").ToListAsync();
        foreach (var ddl in indexes)
        {
            // The name comes from sqlite_master, not from a user.
            var drop = "DROP INDEX \"" + ddl.Split('"')[1] + "\"";
            await db.Database.ExecuteSqlRawAsync(drop);
        }

        db.AuditSuppressed = true;
        var random = new Randomizer(20261123);
        var accounts = Enumerable.Range(0, 20_000).Select(_ => random.Guid()).ToArray();
        var open = pipeline.OpenStages.ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            const int chunk = 20_000;
            for (var done = 0; done < count; done += chunk)
            {
                var batch = new List<Opportunity>(chunk);
                for (var i = done; i < Math.Min(count, done + chunk); i++)
                {
                    batch.Add(Generate(i, random, pipeline, open, accounts, now));
                }

                await db.BulkInsertAsync(batch, CancellationToken.None);
                db.ChangeTracker.Clear();
                Console.Write($"\r  filled {Math.Min(count, done + chunk):N0} of {count:N0} opportunities");
            }

            Console.WriteLine();
            foreach (var ddl in indexes)
            {
                await db.Database.ExecuteSqlRawAsync(ddl);
            }

            await StatisticsStore.RebuildAsync(db, null, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var totals = await db.FunnelTotals.CountAsync();
        var reach = await db.StageReach.CountAsync();
        File.WriteAllText(marker, expected);
        return $"filled {count:N0} opportunities in {clock.Elapsed.TotalSeconds:0} s (FunnelTotals {totals:N0} rows, StageReach {reach:N0} rows)";
    }

    /// <summary>
    /// Created over the last three years; 30% open (spread over the four open stages, expected to close from two months
    /// ago to six months ahead), 30% won, 40% lost after reaching some stage; 100 owners in 10 branches; amounts 1,000–500,000.
    /// </summary>
    private static Opportunity Generate(int i, Randomizer random, Pipeline pipeline, List<PipelineStage> open, Guid[] accounts, DateTime now)
    {
        var owner = Owners[random.Int(0, Owners.Length - 1)];
        var branch = Branches[Array.IndexOf(Owners, owner) % Branches.Length];
        var roll = random.Int(0, 99);
        var created = roll < 30 ? now.AddDays(-random.Int(0, 300)) : now.AddDays(-random.Int(30, 1095));
        var close = roll < 30 ? DateOnly.FromDateTime(now.AddDays(random.Int(-60, 180))) : DateOnly.FromDateTime(created.AddDays(random.Int(15, 180)));
        var o = Opportunity.Create(new OpportunityDetails($"Opportunity {i}", random.Int(10, 5000) * 100m, close, null, branch, null),
            accounts[random.Int(0, accounts.Length - 1)], pipeline, open[0], owner, null, null, null, new DocumentCurrency("CNY", 1m), "bench", created);
        var at = created;
        var reached = roll < 30 ? random.Int(0, open.Count - 1) : random.Int(0, open.Count - 1);
        for (var s = 1; s <= reached; s++)
        {
            at = Min(at.AddDays(random.Int(1, 20)), now);
            o.MoveTo(pipeline, open[s], null, "bench", at);
        }

        if (roll >= 30)
        {
            at = Min(at.AddDays(random.Int(1, 60)), now);
            o.MoveTo(pipeline, roll < 60 ? pipeline.WonStage : pipeline.LostStage,
                roll < 60 ? null : new LossDetails(random.ArrayElement(new[] { "Price", "Competitor", "NoBudget", "NoDecision", "ProductFit", "Timing", "Other" }), "Lost", null), "bench", at);
        }

        o.DequeueIntegrationEvents();
        return o;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static ServiceProvider Build(string dataDirectory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = dataDirectory,
            // No scheduler: a background job would compete with the timed queries for the 2 cores.
            ["Outbox:Enabled"] = "false",
            ["Funnel:Reminders:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_LOG") is { Length: > 0 } level ? Enum.Parse<LogLevel>(level) : LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new BenchEnvironment(dataDirectory));
        services.AddScoped<ICurrentUser, BenchUser>();
        // Head-office view: the bench reads the whole company (a salesperson's scope only narrows the same queries).
        services.AddScoped<IRecordVisibility, EverythingVisible>();
        new FunnelModule().RegisterServices(services, configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private sealed class EverythingVisible : IRecordVisibility
    {
        public Task<RecordScope> GetScopeAsync(CancellationToken cancellationToken = default) => Task.FromResult(RecordScope.All);

        public Task<RecordScope> GetAssignScopeAsync(CancellationToken cancellationToken = default) => Task.FromResult(RecordScope.All);
    }

    private sealed class BenchUser : ICurrentUser
    {
        public string Id => "bench";

        public Guid? UserId => null;

        public bool IsAuthenticated => false;

        public bool IsInRole(string role) => false;
    }

    private sealed class BenchEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Benchmark";

        public string ApplicationName { get; set; } = "Crm.Funnel.Bench";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
