using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Runtime.Timers;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>
/// Timers on Quartz's persistent, clustered store (ADR 0018): a trigger per timer bookmark, reconciliation of bookmarks
/// that lost theirs, restarts, two hosts on one data directory, and Elsa.Timer as a start trigger.
/// </summary>
public sealed class TimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static WorkflowJson DelayThenWrite(string timeSpan) => new WorkflowJson()
        .Activity("start", "Elsa.Start")
        .Activity("delay", "Elsa.Delay", ("timeSpan", Literal(timeSpan)))
        .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
        .Chain("start", "delay", "after");

    private static WorkflowJson EverySecond(string text = "tick") => new WorkflowJson()
        .Trigger("timer", "Elsa.Timer", ("interval", Literal("00:00:01")))
        .Activity("write", "Elsa.WriteLine", ("text", Literal(text)))
        .Chain("timer", "write");

    [Fact]
    public async Task A_delay_gets_its_own_trigger_which_resumes_it_and_is_then_gone()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var definitionId = await api.PublishAsync(DelayThenWrite("00:00:01"));

        var (id, _) = await api.ExecuteAsync(definitionId);
        var bookmark = await api.SingleBookmarkAsync(id);
        var trigger = await (await SchedulerOf(app)).GetTrigger(WorkflowTimerScheduler.BookmarkTrigger(bookmark.Str("id")));

        Assert.NotNull(trigger);
        Assert.Equal(WorkflowTimerScheduler.TimerJob, trigger.JobKey);
        Assert.Equal(bookmark.GetProperty("resumeAtUtc").GetDateTimeOffset(), trigger.StartTimeUtc, TimeSpan.FromMilliseconds(1));
        var instance = await api.WaitForAsync(id, "Finished", Timeout);
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Single(await api.JournalEventsAsync(id), e => e == "delay:Resumed");
        await Eventually(async () => !await (await SchedulerOf(app)).Exists(trigger.Key), "the spent trigger is removed");
    }

    [Fact]
    public async Task Resuming_a_delay_early_removes_its_trigger()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var (id, _) = await api.ExecuteAsync(await api.PublishAsync(DelayThenWrite("01:00:00")));
        var key = WorkflowTimerScheduler.BookmarkTrigger((await api.SingleBookmarkAsync(id)).Str("id"));
        Assert.True(await (await SchedulerOf(app)).Exists(key));

        var resumed = await api.PostAsync($"/bookmarks/{key.Name}/resume", new JsonObject());

        Assert.Equal("Finished", resumed.Str("subStatus"));
        Assert.False(await (await SchedulerOf(app)).Exists(key));
    }

    [Fact]
    public async Task Cancelling_an_instance_removes_its_timer_triggers()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var (id, _) = await api.ExecuteAsync(await api.PublishAsync(DelayThenWrite("01:00:00")));
        var key = WorkflowTimerScheduler.BookmarkTrigger((await api.SingleBookmarkAsync(id)).Str("id"));

        await api.PostAsync($"/cancel/workflow-instances/{id}", new JsonObject());

        Assert.False(await (await SchedulerOf(app)).Exists(key));
    }

    [Fact]
    public async Task A_timer_bookmark_that_lost_its_trigger_is_scheduled_again_by_the_reconciliation()
    {
        using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?> { ["Workflows:Timers:ReconcileIntervalSeconds"] = "1" });
        var api = new InstanceApi(app.CreateClient());
        var (id, _) = await api.ExecuteAsync(await api.PublishAsync(DelayThenWrite("00:00:02")));
        var key = WorkflowTimerScheduler.BookmarkTrigger((await api.SingleBookmarkAsync(id)).Str("id"));

        // What a crash between the burst's commit and the scheduling leaves: a bookmark and no trigger.
        var scheduler = await SchedulerOf(app);
        Assert.True(await scheduler.UnscheduleJob(key));

        var instance = await api.WaitForAsync(id, "Finished", Timeout);
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Single(await api.JournalEventsAsync(id), e => e == "delay:Resumed");
    }

    [Fact]
    public async Task A_timer_that_fell_due_while_no_host_ran_fires_when_a_host_starts_again()
    {
        using var data = new SharedDataDirectory();
        string id, bookmarkId;
        using (var first = new CrmApp(enabledModules: [], settings: data.Settings()))
        {
            var api = new InstanceApi(first.CreateClient());
            (id, _) = await api.ExecuteAsync(await api.PublishAsync(DelayThenWrite("00:00:01")));
            bookmarkId = (await api.SingleBookmarkAsync(id)).Str("id");
        }

        // The trigger outlived its process: it is a row of the scheduler's store.
        Assert.Equal(1L, data.Scalar($"SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = '{WorkflowTimerScheduler.BookmarkTriggerGroup}' AND TRIGGER_NAME = '{bookmarkId}'"));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // now it is overdue

        using var second = new CrmApp(enabledModules: [], settings: data.Settings());
        var again = new InstanceApi(second.CreateClient());
        var instance = await again.WaitForAsync(id, "Finished", Timeout);
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Single(await again.JournalEventsAsync(id), e => e == "delay:Resumed");
    }

    [Fact]
    public async Task Two_hosts_on_one_data_directory_form_a_cluster_that_fires_each_timer_once()
    {
        using var data = new SharedDataDirectory();
        var fired = new ConcurrentQueue<(string Node, string Trigger)>();
        using var first = new CrmApp(enabledModules: [], settings: data.Settings(), services: s => CountFirings(s, "first", fired));
        using var second = new CrmApp(enabledModules: [], settings: data.Settings(), services: s => CountFirings(s, "second", fired));
        var api1 = new InstanceApi(first.CreateClient());
        var api2 = new InstanceApi(second.CreateClient());
        var definitionId = await api1.PublishAsync(DelayThenWrite("00:00:01"));

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await api1.ExecuteAsync(definitionId)).Id);
            ids.Add((await api2.ExecuteAsync(definitionId)).Id);
        }

        foreach (var id in ids)
        {
            Assert.Equal("Finished", (await api1.WaitForAsync(id, "Finished", Timeout)).Str("subStatus"));
            Assert.Single(await api1.JournalEventsAsync(id), e => e == "delay:Resumed");
        }

        // Both schedulers checked in as nodes of one cluster, and each timer's trigger fired on one of them, once.
        Assert.Equal(2L, data.Scalar("SELECT COUNT(DISTINCT INSTANCE_NAME) FROM QRTZ_SCHEDULER_STATE"));
        var timerFirings = fired.Where(f => f.Trigger.StartsWith(WorkflowTimerScheduler.BookmarkTriggerGroup + ".", StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Count, timerFirings.Count);
        Assert.Equal(ids.Count, timerFirings.Select(f => f.Trigger).Distinct().Count());
    }

    [Fact]
    public async Task Two_hosts_start_one_instance_per_firing_of_an_Elsa_Timer_trigger()
    {
        using var data = new SharedDataDirectory();
        var fired = new ConcurrentQueue<(string Node, string Trigger)>();
        using var first = new CrmApp(enabledModules: [], settings: data.Settings(), services: s => CountFirings(s, "first", fired));
        using var second = new CrmApp(enabledModules: [], settings: data.Settings(), services: s => CountFirings(s, "second", fired));
        var api = new InstanceApi(first.CreateClient());
        _ = second.CreateClient();
        var definitionId = await api.PublishAsync(EverySecond());

        await Eventually(async () => (await InstancesAsync(api, definitionId)).Count >= 3, "three timer starts");
        await api.PostAsync($"/workflow-definitions/{definitionId}/retract", new JsonObject());
        await Task.Delay(TimeSpan.FromSeconds(0.5)); // a firing under way when the retraction committed finishes

        var instances = await InstancesAsync(api, definitionId);
        var firings = fired.Count(f => f.Trigger.StartsWith(WorkflowTimerScheduler.StartTriggerGroup(definitionId) + ".", StringComparison.Ordinal));
        Assert.Equal(firings, instances.Count);
        Assert.All(instances, i => Assert.Equal("Finished", i.Str("subStatus")));
    }

    [Fact]
    public async Task An_Elsa_Timer_start_trigger_starts_instances_repeatedly_until_the_workflow_is_retracted()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var definitionId = await api.PublishAsync(EverySecond());
        var group = WorkflowTimerScheduler.StartTriggerGroup(definitionId);
        var trigger = Assert.Single(await (await SchedulerOf(app)).GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group)));
        Assert.Equal("timer", trigger.Name);

        await Eventually(async () => (await InstancesAsync(api, definitionId)).Count >= 2, "two timer starts");
        var started = await InstancesAsync(api, definitionId);
        Assert.All(started, i => Assert.Equal("Finished", i.Str("subStatus")));
        Assert.Contains("write:Completed", await api.JournalEventsAsync(started[0].Str("id")));

        await api.PostAsync($"/workflow-definitions/{definitionId}/retract", new JsonObject());

        Assert.Empty(await (await SchedulerOf(app)).GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group)));
        await Task.Delay(TimeSpan.FromSeconds(0.5)); // a firing under way when the retraction committed finishes
        var afterRetract = (await InstancesAsync(api, definitionId)).Count;
        await Task.Delay(TimeSpan.FromSeconds(2)); // two intervals
        Assert.Equal(afterRetract, (await InstancesAsync(api, definitionId)).Count);
    }

    [Fact]
    public async Task Publishing_a_new_version_moves_the_start_trigger_to_it_and_deleting_the_workflow_removes_it()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var definitionId = await api.PublishAsync(new WorkflowJson()
            .Trigger("timer", "Elsa.Timer", ("interval", Literal("01:00:00")))
            .Activity("write", "Elsa.WriteLine", ("text", Literal("v1")))
            .Chain("timer", "write"));
        var key = new TriggerKey("timer", WorkflowTimerScheduler.StartTriggerGroup(definitionId));
        var v1 = (await (await SchedulerOf(app)).GetTrigger(key))!.JobDataMap.GetString(WorkflowTimerScheduler.VersionIdKey);

        var model = EverySecond("v2").Definition();
        model["definitionId"] = definitionId;
        model["name"] = "Timer v2 " + definitionId;
        model.Remove("id");
        var saved = await api.Client.PostAsync($"{InstanceApi.ApiBase}/workflow-definitions", WorkflowApiFixture.Json(new JsonObject { ["model"] = model, ["publish"] = true }));
        var v2 = (await (await saved.ShouldHave(System.Net.HttpStatusCode.OK)).ReadJson()).GetProperty("workflowDefinition").Str("id");

        var moved = (await (await SchedulerOf(app)).GetTrigger(key))!;
        Assert.NotEqual(v1, v2);
        Assert.Equal(v2, moved.JobDataMap.GetString(WorkflowTimerScheduler.VersionIdKey));
        Assert.Equal(TimeSpan.FromSeconds(1), ((ISimpleTrigger)moved).RepeatInterval);
        await Eventually(async () => (await InstancesAsync(api, definitionId)).Count >= 1, "a start of version 2");
        Assert.All(await InstancesAsync(api, definitionId), i => Assert.Equal(2, i.GetProperty("version").GetInt32()));

        await (await api.Client.DeleteAsync($"{InstanceApi.ApiBase}/workflow-definitions/{definitionId}")).ShouldHave(System.Net.HttpStatusCode.NoContent);

        Assert.False(await (await SchedulerOf(app)).Exists(key));
    }

    [Fact]
    public async Task Start_triggers_are_rebuilt_from_the_published_workflows_when_a_host_starts()
    {
        using var data = new SharedDataDirectory();
        string definitionId;
        // A host without a scheduler (a web-only node) publishes: nothing is scheduled there.
        using (var webOnly = new CrmApp(enabledModules: [], settings: data.Settings(("Scheduler:Enabled", "false"))))
        {
            definitionId = await new InstanceApi(webOnly.CreateClient()).PublishAsync(EverySecond());
        }

        Assert.Equal(0L, data.Scalar($"SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = '{WorkflowTimerScheduler.StartTriggerGroup(definitionId)}'"));

        using var app = new CrmApp(enabledModules: [], settings: data.Settings());
        var api = new InstanceApi(app.CreateClient());
        await Eventually(async () => (await InstancesAsync(api, definitionId)).Count >= 1, "a timer start after the host started");
    }

    [Fact]
    public async Task A_start_with_an_instance_id_that_exists_is_refused_so_a_firing_starts_at_most_one_instance()
    {
        using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?> { ["Workflows:Timers:Enabled"] = "false" });
        var api = new InstanceApi(app.CreateClient());
        var definitionId = await api.PublishAsync(EverySecond());
        var firing = WorkflowStartTimerJob.InstanceId(new TriggerKey("timer", WorkflowTimerScheduler.StartTriggerGroup(definitionId)), DateTimeOffset.UnixEpoch.AddDays(20000));
        Assert.Equal(firing, WorkflowStartTimerJob.InstanceId(new TriggerKey("timer", WorkflowTimerScheduler.StartTriggerGroup(definitionId)), DateTimeOffset.UnixEpoch.AddDays(20000)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Crm.Workflows.Runtime.WorkflowRunner>().StartAsync(definitionId, null, null, null, CancellationToken.None, "timer", firing);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<Crm.Workflows.Runtime.WorkflowRunner>();
            await Assert.ThrowsAsync<Microsoft.EntityFrameworkCore.DbUpdateException>(() => runner.StartAsync(definitionId, null, null, null, CancellationToken.None, "timer", firing));
        }

        Assert.Equal(firing, Assert.Single(await InstancesAsync(api, definitionId)).Str("id"));
    }

    private static async Task<IScheduler> SchedulerOf(CrmApp app) => await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private static async Task<List<JsonElement>> InstancesAsync(InstanceApi api, string definitionId) =>
        (await api.PostAsync("/workflow-instances", new JsonObject { ["definitionId"] = definitionId, ["pageSize"] = 100 })).GetProperty("items").EnumerateArray().ToList();

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private static void CountFirings(IServiceCollection services, string node, ConcurrentQueue<(string Node, string Trigger)> fired) =>
        services.AddQuartz(q => q.AddJobListener(new FiringRecorder(node, fired)));

    /// <summary>Records every job execution with the trigger that fired it and the node that ran it.</summary>
    private sealed class FiringRecorder(string node, ConcurrentQueue<(string Node, string Trigger)> fired) : IJobListener
    {
        public string Name => "firing-recorder-" + node;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            fired.Enqueue((node, context.Trigger.Key.ToString()));
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    /// <summary>A data directory that several hosts share, in turn or at once; deleted at the end.</summary>
    private sealed class SharedDataDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crm-tests", "shared-" + Guid.NewGuid().ToString("N"));

        public SharedDataDirectory() => Directory.CreateDirectory(Path);

        public Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
        {
            var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = Path };
            foreach (var (key, value) in more)
            {
                settings[key] = value;
            }

            return settings;
        }

        /// <summary>One value from the scheduler's store, read directly from its file.</summary>
        public long Scalar(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={System.IO.Path.Combine(Path, "crm.scheduler.db")};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open leaves a temp folder behind; not a test failure.
            }
        }
    }
}
