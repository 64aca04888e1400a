using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Data.Common;
using Crm.Accounts.Persistence;
using Crm.Accounts.PublicApi;
using Crm.Accounts.PublicApi.IntegrationEvents;
using Crm.BuildingBlocks.Messaging;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class OutboxTests
{
    /// <summary>Stands in for another module consuming AccountCreated; its inbox lives in the Accounts context here.</summary>
    internal sealed class RecordingHandler(ConcurrentBag<Guid> calls) : IIntegrationEventHandler<AccountCreatedIntegrationEvent>
    {
        public Task HandleAsync(AccountCreatedIntegrationEvent integrationEvent, CancellationToken cancellationToken)
        {
            calls.Add(integrationEvent.AccountId);
            return Task.CompletedTask;
        }
    }

    private static CrmApp AppWithRecorder(ConcurrentBag<Guid> calls, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? more = null) =>
        new(settings: settings, services: s =>
        {
            s.AddSingleton(calls);
            s.AddIntegrationEventHandler<AccountCreatedIntegrationEvent, RecordingHandler, AccountsDbContext>();
            more?.Invoke(s);
        });

    [Fact]
    public async Task Creating_an_account_stores_its_event_in_the_same_database_and_it_is_delivered_once()
    {
        var calls = new ConcurrentBag<Guid>();
        using var app = AppWithRecorder(calls);
        using var client = app.CreateClient();

        var created = await (await client.PostAsJsonAsync("/api/accounts", new { name = "Outbox Co" })).ShouldHave(HttpStatusCode.Created);
        var id = (await created.ReadJson()).GetProperty("id").GetGuid();

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var message = Assert.Single(await Outbox(db));
            Assert.Contains(nameof(AccountCreatedIntegrationEvent), message.Type);
            Assert.Contains(id.ToString(), message.Payload);
            Assert.Null(message.ProcessedAtUtc);
        }

        var processor = app.Services.GetRequiredService<OutboxProcessor<AccountsDbContext>>();
        Assert.Equal(1, await processor.ProcessAsync(CancellationToken.None));
        Assert.Equal(0, await processor.ProcessAsync(CancellationToken.None));
        Assert.Equal([id], calls);

        // A redelivery (e.g. a crash after the handler committed but before the outbox row was marked) is absorbed by the inbox.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var sql = $"UPDATE {TestDatabase.Table(db, "OutboxMessages")} SET \"ProcessedAtUtc\" = NULL";
            await db.Database.ExecuteSqlRawAsync(sql);
        }

        Assert.Equal(1, await processor.ProcessAsync(CancellationToken.None));
        Assert.Equal([id], calls);
    }

    [Fact]
    public async Task Concurrent_dispatchers_deliver_each_event_once()
    {
        var calls = new ConcurrentBag<Guid>();
        using var app = AppWithRecorder(calls);
        using var client = app.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            await (await client.PostAsJsonAsync("/api/accounts", new { name = $"Parallel {i}" })).ShouldHave(HttpStatusCode.Created);
        }

        var processor = app.Services.GetRequiredService<OutboxProcessor<AccountsDbContext>>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => processor.ProcessAsync(CancellationToken.None))));

        Assert.Equal(20, calls.Count);
        Assert.Equal(20, calls.Distinct().Count());
    }

    [Fact]
    public async Task If_the_outbox_write_fails_the_account_is_not_saved_either()
    {
        var calls = new ConcurrentBag<Guid>();
        using var app = AppWithRecorder(calls, more: s =>
        {
            // Whichever provider the run uses (the PostgreSQL lane runs this class too).
            s.ConfigureDbContext<AccountsSqliteDbContext>(o => o.AddInterceptors(new FailOutboxInsert()));
            s.ConfigureDbContext<AccountsPostgreSqlDbContext>(o => o.AddInterceptors(new FailOutboxInsert()));
        });
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/accounts", new { name = "Half Written Co" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        Assert.False(await db.Accounts.AnyAsync());
        Assert.False(await db.StageChanges.AnyAsync());
        Assert.Empty(await Outbox(db));
    }

    [Fact]
    public async Task The_quartz_job_drains_the_outbox_on_its_own()
    {
        var calls = new ConcurrentBag<Guid>();
        using var app = AppWithRecorder(calls, new Dictionary<string, string?> { ["Outbox:PollingIntervalSeconds"] = "0.2" });
        using var client = app.CreateClient();

        await (await client.PostAsJsonAsync("/api/accounts", new { name = "Scheduled Co" })).ShouldHave(HttpStatusCode.Created);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (calls.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Single(calls);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var deadline2 = DateTime.UtcNow.AddSeconds(10);
        while ((await Outbox(db)).Any(m => m.ProcessedAtUtc == null) && DateTime.UtcNow < deadline2)
        {
            await Task.Delay(100);
        }

        Assert.All(await Outbox(db), m => Assert.NotNull(m.ProcessedAtUtc));
    }

    [Fact]
    public async Task Stage_owner_and_transfer_changes_each_publish_an_event()
    {
        using var app = new CrmApp();
        using var client = app.CreateClient();
        var owner = Guid.NewGuid();
        var id = (await (await client.PostAsJsonAsync("/api/accounts", new { name = "Evented", ownerId = owner })).ShouldHave(HttpStatusCode.Created)
            .ContinueWith(t => t.Result.ReadJson()).Unwrap()).GetProperty("id").GetGuid();

        await (await client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "Potential" })).ShouldHave(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync("/api/accounts/owner-transfers", new { fromOwnerId = owner, toOwnerId = Guid.NewGuid() })).ShouldHave(HttpStatusCode.OK);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var types = (await Outbox(db)).Select(m => m.Type).ToList();
        Assert.Collection(types,
            t => Assert.StartsWith(typeof(AccountCreatedIntegrationEvent).FullName!, t),
            t => Assert.StartsWith(typeof(AccountStageChangedIntegrationEvent).FullName!, t),
            t => Assert.StartsWith(typeof(AccountOwnerChangedIntegrationEvent).FullName!, t));
    }

    [Fact]
    public async Task The_accounts_api_answers_other_modules()
    {
        using var app = new CrmApp();
        using var client = app.CreateClient();
        var owner = Guid.NewGuid();
        var successor = Guid.NewGuid();
        var id = (await (await client.PostAsJsonAsync("/api/accounts", new { name = "Api Co", ownerId = owner, creditLimit = 900m, creditStatus = "Warning" }))
            .ShouldHave(HttpStatusCode.Created).ContinueWith(t => t.Result.ReadJson()).Unwrap()).GetProperty("id").GetGuid();

        using var scope = app.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();
        var summary = await api.GetSummaryAsync(id);
        Assert.NotNull(summary);
        Assert.Equal(("Api Co", "ToIdentify", "Warning", 900m), (summary.Name, summary.Stage, summary.CreditStatus, summary.CreditLimit));
        Assert.Null(await api.GetSummaryAsync(Guid.NewGuid()));
        Assert.Equal(owner, await api.GetOwnerAsync(id));
        Assert.Equal("Warning", (await api.GetCreditAsync(id))!.Status);
        var handover = Assert.Single(scope.ServiceProvider.GetServices<Crm.BuildingBlocks.Ownership.IOwnershipContribution>());
        var moved = await handover.HandOverAsync(
            new Crm.BuildingBlocks.Ownership.OwnershipHandover(owner, successor, "Leaver", Crm.BuildingBlocks.Identity.RecordScope.All), CancellationToken.None);
        Assert.Equal(new Crm.BuildingBlocks.Ownership.HandedOver("accounts", "customer", "customers", 1), Assert.Single(moved));
        Assert.Equal(successor, await api.GetOwnerAsync(id));
    }

    // The outbox entity is internal to the building blocks; tests read the table as any operator would.
    private static Task<List<OutboxRow>> Outbox(AccountsDbContext db)
    {
        var sql = $"SELECT \"Id\", \"Type\", \"Payload\", \"ProcessedAtUtc\" FROM {TestDatabase.Table(db, "OutboxMessages")} ORDER BY \"Id\"";
        return db.Database.SqlQueryRaw<OutboxRow>(sql).ToListAsync();
    }

    internal sealed record OutboxRow(long Id, string Type, string Payload, DateTime? ProcessedAtUtc);

    private sealed class FailOutboxInsert : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("\"OutboxMessages\"", StringComparison.Ordinal) && command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Simulated failure while writing the outbox")
                : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
