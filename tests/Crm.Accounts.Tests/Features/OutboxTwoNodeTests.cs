using System.Net;
using System.Net.Http.Json;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Messaging;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Accounts.Tests.Features.OutboxLeaseTests;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// Two host processes on one database: while the node that claimed an event lives, its heartbeat keeps the claim, so the
/// other node never delivers the event a second time, however long the handler takes (issue 12.11, ADR 0053).
/// </summary>
/// <remarks>
/// PostgreSQL only: on SQLite a handler runs inside its module's write transaction, so no other node can claim or even
/// renew anything in that file until it commits; the three-process scale-out lane covers SQLite.
/// </remarks>
[Trait(TestDatabase.Provider, TestDatabase.PostgreSqlOnly)]
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class OutboxTwoNodeTests
{
    [PostgreSqlFact]
    public async Task A_live_node_keeps_its_claim_past_the_lease_and_the_other_node_never_delivers_the_event_twice()
    {
        var database = TestDatabase.CreatePostgreSqlDatabase();
        try
        {
            var shared = new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:Crm"] = database };
            var clock = new ManualClock();
            var gate = new Gate();
            using var nodeA = App(clock, gate, shared);
            using var client = nodeA.CreateClient();
            await (await client.PostAsJsonAsync("/api/accounts", new { name = "Slow Handler Co" })).ShouldHave(HttpStatusCode.Created);
            using var nodeB = App(clock, gate, shared);
            var processorA = nodeA.Services.GetRequiredService<OutboxProcessor<AccountsDbContext>>();
            var processorB = nodeB.Services.GetRequiredService<OutboxProcessor<AccountsDbContext>>();

            // Node A claims the event and its handler takes far longer than a lease; its heartbeat renews the claim.
            var deliveringA = Task.Run(() => processorA.ProcessAsync(CancellationToken.None));
            await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var beats = 0;
            for (; OutboxProcessor<AccountsDbContext>.HeartbeatInterval * beats <= OutboxProcessor<AccountsDbContext>.Lease * 2; beats++)
            {
                clock.Advance(OutboxProcessor<AccountsDbContext>.HeartbeatInterval);
                await processorA.RenewLeasesAsync(CancellationToken.None);
                Assert.Equal(0, await processorB.ProcessAsync(CancellationToken.None));
            }

            gate.Open.SetResult();
            Assert.Equal(1, await deliveringA.WaitAsync(TimeSpan.FromSeconds(30)));
            clock.Advance(OutboxProcessor<AccountsDbContext>.Lease * 2);
            Assert.Equal(0, await processorB.ProcessAsync(CancellationToken.None));
            Assert.Equal(1, gate.Calls);
        }
        finally
        {
            TestDatabase.DropPostgreSqlDatabase(database);
        }
    }
}
