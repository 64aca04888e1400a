using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Crm.Funnel.Persistence;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Tests.Features;

/// <summary>The running totals are written in the opportunity's transaction (ADR 0034): all or nothing, and concurrent changes add up.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class StatisticsConsistencyTests
{
    [Fact]
    public async Task If_the_statistics_update_fails_the_stage_move_and_its_event_are_not_saved_either()
    {
        var failing = new FailTotalsUpdate();
        // The interceptor goes on the context of whichever provider the test runs on (SQLite, or the PostgreSQL lane).
        using var app = new FunnelApp(services: s =>
        {
            s.ConfigureDbContext<FunnelSqliteDbContext>(o => o.AddInterceptors(failing));
            s.ConfigureDbContext<FunnelPostgreSqlDbContext>(o => o.AddInterceptors(failing));
        });
        var account = await app.CreateAccountAsync();
        var id = (await app.CreateOpportunityAsync(account, 900m, new DateOnly(2027, 3, 1))).GetProperty("id").GetGuid();
        var eventsBefore = await OutboxCountAsync(app);

        failing.Armed = true;
        var response = await app.Client.PostAsJsonAsync($"/api/funnel/opportunities/{id}/stage", new { stageId = await app.StageIdAsync("Proposal") });
        failing.Armed = false;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var opportunity = await app.GetAsync($"/api/funnel/opportunities/{id}");
        Assert.Equal("Qualification", opportunity.GetProperty("stage").GetString());
        Assert.Single((await app.GetAsync($"/api/funnel/opportunities/{id}/stage-history")).EnumerateArray());
        Assert.Equal(eventsBefore, await OutboxCountAsync(app));
    }

    [Fact]
    public async Task Concurrent_changes_into_the_same_totals_row_all_count()
    {
        using var app = new FunnelApp();
        var account = await app.CreateAccountAsync();

        // Several rounds, each on fresh rows: the race is between the writer that creates a row and those that find it
        // half-way (once it deadlocked two writers on PostgreSQL), so each round gives it another chance to show.
        for (var round = 0; round < 4; round++)
        {
            var owner = Guid.NewGuid();
            await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            {
                using var client = app.App.CreateClient();
                var response = await client.PostAsJsonAsync("/api/funnel/opportunities",
                    new { name = $"Parallel {round}.{i}", accountId = account, amount = 100m, expectedCloseDate = "2027-05-15", ownerId = owner });
                await response.ShouldHave(HttpStatusCode.Created);
            })));

            var funnel = await app.GetAsync($"/api/funnel/analytics/funnel?ownerId={owner}");
            var qualification = funnel.GetProperty("stages")[0];
            Assert.Equal(16, qualification.GetProperty("count").GetInt64());
            Assert.Equal(1600m, qualification.GetProperty("amount").GetDecimal());
        }
    }

    private static async Task<int> OutboxCountAsync(FunnelApp app)
    {
        await using var scope = app.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        var sql = $"SELECT COUNT(*) AS \"Value\" FROM {TestDatabase.Table(db, "OutboxMessages")}";
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
    }

    private sealed class FailTotalsUpdate : DbCommandInterceptor
    {
        public volatile bool Armed;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            // SQLite writes UPDATE "FunnelTotals", PostgreSQL UPDATE funnel."FunnelTotals".
            Armed && command.CommandText.StartsWith("UPDATE ", StringComparison.Ordinal) && command.CommandText.Contains("\"FunnelTotals\"", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Simulated failure while updating the funnel totals")
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
