using System.Net;
using System.Net.Http.Json;
using Crm.Accounts.Persistence;
using Crm.Accounts.PublicApi.IntegrationEvents;
using Crm.BuildingBlocks.Messaging;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// Outbox claims are short leases renewed by a heartbeat (ADR 0053): a dead node's events are taken over once its lease
/// ends, a live node keeps its rows however long a handler takes. Time is the test's clock, moved by hand.
/// </summary>
public sealed class OutboxLeaseTests
{
    internal sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>The first delivery waits at the gate until the test opens it; later ones pass straight through.</summary>
    internal sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls;
    }

    internal sealed class GatedHandler(Gate gate) : IIntegrationEventHandler<AccountCreatedIntegrationEvent>
    {
        public async Task HandleAsync(AccountCreatedIntegrationEvent integrationEvent, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref gate.Calls) == 1)
            {
                gate.Entered.SetResult();
                await gate.Open.Task;
            }
        }
    }

    internal static CrmApp App(ManualClock clock, Gate gate, IDictionary<string, string?>? settings = null) => new(settings: settings, services: s =>
    {
        s.AddSingleton<TimeProvider>(clock);
        s.AddSingleton(gate);
        s.AddIntegrationEventHandler<AccountCreatedIntegrationEvent, GatedHandler, AccountsDbContext>();
    });

    [Fact]
    public async Task A_dead_nodes_claim_is_taken_over_when_its_short_lease_ends()
    {
        var clock = new ManualClock();
        var gate = new Gate();
        gate.Open.SetResult();
        using var app = App(clock, gate);
        using var client = app.CreateClient();
        await (await client.PostAsJsonAsync("/api/accounts", new { name = "Orphaned Co" })).ShouldHave(HttpStatusCode.Created);

        // A node claimed the row this instant and then died: nobody renews its lease.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var until = clock.GetUtcNow().UtcDateTime.Add(OutboxProcessor<AccountsDbContext>.Lease);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE OutboxMessages SET LockId = {Guid.NewGuid()}, LockedUntilUtc = {until}");
        }

        var processor = app.Services.GetRequiredService<OutboxProcessor<AccountsDbContext>>();
        Assert.Equal(0, await processor.ProcessAsync(CancellationToken.None));

        Assert.True(OutboxProcessor<AccountsDbContext>.Lease <= TimeSpan.FromSeconds(15));
        clock.Advance(OutboxProcessor<AccountsDbContext>.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await processor.ProcessAsync(CancellationToken.None));
        Assert.Equal(1, gate.Calls);
    }
}
