using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.Funnel.Persistence;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Funnel.Tests.Support;

/// <summary>
/// The real host with Accounts and Funnel (and the workflow server) over temporary SQLite files, a movable clock and an
/// in-memory staff directory. Integration events are delivered when a test calls <see cref="DeliverEventsAsync"/>.
/// </summary>
public sealed class FunnelApp : IDisposable
{
    private static int _sequence;

    /// <param name="moreModules">Modules switched on besides Accounts and Funnel (Products, for catalogue lines).</param>
    public FunnelApp(IDictionary<string, string?>? settings = null, bool withDirectory = true, Action<IServiceCollection>? services = null, IEnumerable<string>? moreModules = null)
    {
        Clock = new TestClock();
        Directory = new InMemoryStaffDirectory();
        App = new CrmApp(enabledModules: ["Accounts", "Funnel", .. moreModules ?? []], settings: settings, services: s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            if (withDirectory)
            {
                s.AddSingleton<IStaffDirectory>(Directory);
            }

            services?.Invoke(s);
        });
        Client = App.CreateClient();
    }

    public CrmApp App { get; }

    public HttpClient Client { get; }

    public TestClock Clock { get; }

    public InMemoryStaffDirectory Directory { get; }

    /// <summary>A number unique in this test run, for e-mails and phones that must not collide.</summary>
    public static int Next() => Interlocked.Increment(ref _sequence);

    /// <summary>Delivers the Funnel's pending integration events (starting and resuming workflows), as the outbox job would.</summary>
    public async Task<int> DeliverEventsAsync()
    {
        var processor = App.Services.GetRequiredService<OutboxProcessor<FunnelDbContext>>();
        var total = 0;
        int delivered;
        do
        {
            delivered = await processor.ProcessAsync(CancellationToken.None);
            total += delivered;
        }
        while (delivered > 0);

        return total;
    }

    /// <summary>
    /// Lets the time limits run out: every workflow timer whose due time has passed on <see cref="Clock"/> (its Quartz
    /// trigger starts at the bookmark's ResumeAtUtc) is made to fire now, as it would once real time caught up.
    /// </summary>
    public async Task<int> FireDueTimersAsync()
    {
        var scheduler = await App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var fired = 0;
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals("workflow-timers")))
        {
            if (await scheduler.GetTrigger(key) is { } trigger && trigger.StartTimeUtc <= Clock.GetUtcNow())
            {
                await scheduler.RescheduleJob(key, trigger.GetTriggerBuilder().StartNow().Build());
                fired++;
            }
        }

        return fired;
    }

    public async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await (await Client.PostAsJsonAsync(url, body, HttpAssertions.Json)).ShouldHave(expected);
        return response.Content.Headers.ContentLength == 0 ? default : await response.ReadJson();
    }

    public async Task<JsonElement> GetAsync(string url)
    {
        var response = await (await Client.GetAsync(url)).ShouldHave(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    public static object NewLead(string? name = null, string? industry = null, string? territory = null, Guid? ownerId = null, Guid? branchId = null, Guid? campaignId = null)
    {
        var n = Next();
        return new
        {
            name = name ?? $"Lead {n}",
            company = $"Prospect {n} Ltd",
            email = $"lead{n}@prospect.test",
            phone = $"+86 139 {n:00000000}",
            industry = industry ?? "Retail",
            territory,
            ownerId,
            branchId,
            campaignId,
        };
    }

    public async Task<Guid> CreateLeadAsync(object? body = null) =>
        (await PostAsync("/api/funnel/leads", body ?? NewLead(), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public async Task<JsonElement> LeadAsync(Guid id) => await GetAsync($"/api/funnel/leads/{id}");

    public async Task<Guid> CreateAccountAsync(string? name = null, Guid? ownerId = null)
    {
        var n = Next();
        var created = await PostAsync("/api/accounts", new { name = name ?? $"Customer {n}", email = $"buyer{n}@customer.test", ownerId }, HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> CreateOpportunityAsync(Guid accountId, decimal amount, DateOnly close, Guid? ownerId = null, string? name = null) =>
        await PostAsync("/api/funnel/opportunities",
            new { name = name ?? $"Deal {Next()}", accountId, amount, expectedCloseDate = close, ownerId }, HttpStatusCode.Created);

    public async Task<JsonElement> DefaultPipelineAsync() => (await GetAsync("/api/funnel/pipelines")).EnumerateArray().Single(p => p.GetProperty("isDefault").GetBoolean());

    public async Task<Guid> StageIdAsync(string name) =>
        (await DefaultPipelineAsync()).GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();

    public void Dispose()
    {
        Client.Dispose();
        App.Dispose();
    }
}
