using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Xunit;
using Xunit.Abstractions;
using static Crm.ScaleOut.Tests.Workflows;

namespace Crm.ScaleOut.Tests;

/// <summary>
/// Three real host processes on one database, driven over HTTP (issue 13 item 3; docs/operations.md): each timer fires
/// once, each outbox event is delivered once, each bookmark resumes once, each task claim has one winner, a process
/// killed with SIGKILL leaves nothing behind that the others do not take over, and no acknowledged write is lost.
/// </summary>
[Trait("Lane", "ScaleOut")]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    /// <summary>
    /// A dead node's claimed Quartz triggers are recovered once its check-in is late (Quartz's clusterCheckinInterval,
    /// 7.5 s, plus the same again as tolerance) and then fire at once; the rest is a busy machine's margin.
    /// </summary>
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_host_processes_on_one_SQLite_data_directory_do_each_piece_of_work_once_and_survive_a_kill()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(ScaleOutDatabase.Sqlite);
        await RunAsync(cluster);
    }

    [PostgreSqlFact]
    public async Task Three_host_processes_on_one_PostgreSQL_database_do_each_piece_of_work_once_and_survive_a_kill()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(ScaleOutDatabase.PostgreSql);
        await RunAsync(cluster);
    }

    private async Task RunAsync(ScaleOutCluster cluster)
    {
        try
        {
            cluster.Progress("started");
            var admin = await cluster.SignInAsync(ScaleOutCluster.AdminName);
            await A_cookie_from_one_host_is_accepted_by_every_host(admin);
            await Three_first_starts_import_each_shipped_template_once(admin[0]);
            cluster.Progress("cookie and templates");
            var acknowledged = await Each_outbox_event_is_delivered_once(admin);
            cluster.Progress("outbox");
            await Each_timer_fires_once(admin);
            cluster.Progress("timers");
            await Each_bookmark_resumes_once(admin);
            cluster.Progress("bookmarks");
            await Each_task_claim_has_one_winner(cluster, admin);
            cluster.Progress("claims");
            await A_killed_hosts_work_is_taken_over_and_no_acknowledged_write_is_lost(cluster, admin, acknowledged);
            cluster.Progress("kill");
        }
        catch
        {
            output.WriteLine(cluster.Logs);
            throw;
        }
    }

    private static async Task A_cookie_from_one_host_is_accepted_by_every_host(IReadOnlyList<HttpClient> admin)
    {
        // The cookie was issued by host 1; hosts 2 and 3 can read it only with the shared data-protection keys.
        foreach (var client in admin)
        {
            var me = await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);
            Assert.Equal(ScaleOutCluster.AdminName, (await me.ReadJson()).GetProperty("userName").GetString());
        }
    }

    private static async Task Three_first_starts_import_each_shipped_template_once(HttpClient admin)
    {
        // Every host imported the templates at its first start, on one empty database: one version each, published.
        var list = await (await admin.GetAsync($"{Api}/workflow-definitions?versionOptions=AllVersions&pageSize=1000")).ShouldHave(HttpStatusCode.OK);
        var versions = (await list.ReadJson()).GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("definitionId").GetString()!)
            .Where(id => id.StartsWith("crm-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["crm-discount-approval", "crm-leave-of-absence", "crm-leaver-transfer"], versions);
    }

    private static async Task<ConcurrentDictionary<Guid, string>> Each_outbox_event_is_delivered_once(IReadOnlyList<HttpClient> admin)
    {
        // Every AccountCreated event (written to the Accounts outbox in the account's transaction, dispatched by
        // whichever node's outbox job claims it) starts one instance of this workflow through the workflows' inbox.
        var onCreated = await PublishAsync(admin[0], Flowchart(
            ("created", "Crm.AccountCreated", true, []),
            ("log", "Elsa.WriteLine", false, [("text", "account created")])));

        var acknowledged = new ConcurrentDictionary<Guid, string>();
        await Task.WhenAll(admin.Select((client, node) => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                var name = $"Scale {node}-{i} 客户";
                var created = await (await client.PostAsJsonAsync("/api/accounts", new { name })).ShouldHave(HttpStatusCode.Created);
                acknowledged[(await created.ReadJson()).GetProperty("id").GetGuid()] = name;
            }
        })));

        var instances = await EventuallyAsync(
            async () => await InstancesOfAsync(admin[1], onCreated),
            found => found.Count >= acknowledged.Count,
            $"{acknowledged.Count} AccountCreated workflow starts");
        // Two more outbox polls on every node: a second delivery would show up now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        instances = await InstancesOfAsync(admin[2], onCreated);
        Assert.Equal(acknowledged.Count, instances.Count);

        // One instance per account, not merely the right number of instances.
        var started = new List<string>();
        foreach (var instance in instances)
        {
            started.Add((await InstanceAsync(admin[0], instance.GetProperty("id").GetString()!)).GetRawText());
        }

        Assert.All(acknowledged.Keys, id => Assert.Single(started, json => json.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)));

        // The later phases create accounts while a host dies; they test the writes, not this workflow.
        await (await PostAsync(admin[0], $"/workflow-definitions/{onCreated}/retract", new JsonObject())).ShouldHave(HttpStatusCode.OK);
        return acknowledged;
    }

    private static async Task Each_timer_fires_once(IReadOnlyList<HttpClient> admin)
    {
        var delayed = await PublishAsync(admin[0], Flowchart(
            ("start", "Elsa.Start", false, []),
            ("delay", "Elsa.Delay", false, [("timeSpan", "00:00:01")]),
            ("after", "Elsa.WriteLine", false, [("text", "after")])));
        var ids = await StartOnEveryHostAsync(admin, delayed, perHost: 3);

        foreach (var id in ids)
        {
            await WaitForFinishedAsync(admin[0], id, WaitLimit);
            Assert.Single(await JournalAsync(admin[1], id), e => e == "delay:Resumed");
        }
    }

    private static async Task Each_bookmark_resumes_once(IReadOnlyList<HttpClient> admin)
    {
        var eventName = "ScaleGo-" + Guid.NewGuid().ToString("N");
        var waiting = await PublishAsync(admin[0], Flowchart(
            ("start", "Elsa.Start", false, []),
            ("wait", "Elsa.Event", false, [("eventName", eventName)]),
            ("after", "Elsa.WriteLine", false, [("text", "resumed")])));
        var ids = await StartOnEveryHostAsync(admin, waiting, perHost: 2);

        // Every host is asked, three times at once, to resume every instance waiting for the event.
        var responses = await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
            PostAsync(admin[i % admin.Count], $"/events/{eventName}/trigger", new JsonObject())));
        var resumed = new List<string>();
        foreach (var response in responses)
        {
            var body = await (await response.ShouldHave(HttpStatusCode.OK)).ReadJson();
            resumed.AddRange(body.GetProperty("resumedInstanceIds").EnumerateArray().Select(e => e.GetString()!));
        }

        Assert.Equal(ids.Order(), resumed.Order());
        foreach (var id in ids)
        {
            await WaitForFinishedAsync(admin[0], id, WaitLimit);
            var journal = await JournalAsync(admin[2], id);
            Assert.Single(journal, e => e == "wait:Resumed");
            Assert.Single(journal, e => e == "after:Completed");
        }
    }

    private static async Task Each_task_claim_has_one_winner(ScaleOutCluster cluster, IReadOnlyList<HttpClient> admin)
    {
        // Three salespeople, each signed in on a different host, claim the same queue task at the same moment.
        var sales = new List<HttpClient>();
        for (var i = 0; i < cluster.Hosts.Count; i++)
        {
            var userName = $"scale-sales-{i}";
            await (await admin[0].PostAsJsonAsync("/api/users", new { userName, displayName = userName, password = ScaleOutCluster.Password, roles = new[] { "Sales" } }))
                .ShouldHave(HttpStatusCode.Created);
            sales.Add((await cluster.SignInAsync(userName))[i]);
        }

        var queued = await PublishAsync(admin[0], Flowchart(
            ("start", "Elsa.Start", false, []),
            ("task", "Crm.HumanTask", false, [("title", "Call the customer back"), ("candidateRole", "Sales")]),
            ("after", "Elsa.WriteLine", false, [("text", "done")])));
        for (var round = 0; round < 4; round++)
        {
            await StartAsync(admin[round % admin.Count], queued);
            var list = await (await (await sales[0].GetAsync($"/api/inbox/tasks?view=group&process={queued}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
            var taskId = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();

            var claims = await Task.WhenAll(sales.Select(client => client.PostAsync($"/api/inbox/tasks/{taskId}/claim", null)));
            Assert.Equal(
                [HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.Conflict, sales.Count - 1)],
                claims.Select(c => c.StatusCode).OrderBy(s => (int)s));
            var winner = sales[Array.FindIndex(claims, c => c.StatusCode == HttpStatusCode.OK)];
            await (await winner.PostAsJsonAsync($"/api/inbox/tasks/{taskId}/complete", new { })).ShouldHave(HttpStatusCode.OK);
        }
    }

    private async Task A_killed_hosts_work_is_taken_over_and_no_acknowledged_write_is_lost(
        ScaleOutCluster cluster, IReadOnlyList<HttpClient> admin, ConcurrentDictionary<Guid, string> acknowledged)
    {
        // Timers due a few seconds from now: the victim's scheduler has likely acquired some of them (Quartz holds the
        // next trigger it will fire) when it dies, and the others must recover them from the store.
        var delayed = await PublishAsync(admin[0], Flowchart(
            ("start", "Elsa.Start", false, []),
            ("delay", "Elsa.Delay", false, [("timeSpan", "00:00:03")]),
            ("after", "Elsa.WriteLine", false, [("text", "after")])));
        var timers = await StartOnEveryHostAsync(admin, delayed, perHost: 3);

        // Writers on every host while the last host is killed: whatever got a 201 must be there afterwards.
        var victim = cluster.Hosts[^1];
        using var stop = new CancellationTokenSource();
        var writers = admin.Select((client, node) => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"Kill {node}-{i}";
                try
                {
                    var response = await client.PostAsJsonAsync("/api/accounts", new { name });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[(await response.ReadJson()).GetProperty("id").GetGuid()] = name;
                    }
                }
                catch (HttpRequestException)
                {
                    // The victim's connection dropped: no acknowledgement, so nothing was promised.
                    await Task.Delay(50);
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        victim.KillHard();
        var killedAt = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var survivor = admin[0];
        foreach (var id in timers)
        {
            await WaitForFinishedAsync(survivor, id, TakeoverLimit - killedAt.Elapsed);
            Assert.Single(await JournalAsync(survivor, id), e => e == "delay:Resumed");
        }

        output.WriteLine($"All timers finished {killedAt.Elapsed.TotalSeconds:0.0} s after the kill.");

        foreach (var (id, name) in acknowledged)
        {
            var read = await (await admin[1].GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.OK);
            Assert.Equal(name, (await read.ReadJson()).GetProperty("name").GetString());
        }
    }

    private static async Task<List<string>> StartOnEveryHostAsync(IReadOnlyList<HttpClient> clients, string definitionId, int perHost)
    {
        var ids = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, perHost).Select(_ => StartAsync(c, definitionId))));
        return [.. ids];
    }

    private static async Task WaitForFinishedAsync(HttpClient client, string id, TimeSpan limit)
    {
        var instance = await EventuallyAsync(
            () => InstanceAsync(client, id),
            i => i.GetProperty("subStatus").GetString() is "Finished" or "Faulted" or "Cancelled",
            $"instance {id} to finish",
            limit);
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? WaitLimit);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(200);
        }
    }
}
