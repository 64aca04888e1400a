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
using static Crm.Workflows.Tests.Instances.TimerTestKit;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>Elsa.Timer as a start trigger (ADR 0018): recurring Quartz triggers that follow publication.</summary>
public sealed class StartTimerTests
{
    [Fact]
    public async Task An_Elsa_Timer_start_trigger_starts_instances_repeatedly_until_the_workflow_is_retracted()
    {
        var executed = new ConcurrentQueue<string>();
        using var app = new CrmApp(enabledModules: [], services: s => RecordExecutions(s, executed));
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

        var scheduler = await SchedulerOf(app);
        Assert.Empty(await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group)));
        var job = WorkflowTimerScheduler.StartJob.ToString();
        int Count(string what) => executed.Count(e => e == $"{what} {job}");
        await Eventually(() => Task.FromResult(Count("begin") == Count("end")), "a firing under way when the retraction committed to finish");
        var afterRetract = (await InstancesAsync(api, definitionId)).Count;
        var firings = Count("end");

        // A firing that still comes (a trigger a crash kept, a node that had not seen the retraction) starts nothing.
        var retractedVersion = (await api.GetAsync($"/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).Str("id");
        await scheduler.TriggerJob(WorkflowTimerScheduler.StartJob, new JobDataMap
        {
            [WorkflowTimerScheduler.DefinitionIdKey] = definitionId,
            [WorkflowTimerScheduler.VersionIdKey] = retractedVersion,
            [WorkflowTimerScheduler.ActivityIdKey] = "timer",
        });
        await Eventually(() => Task.FromResult(Count("end") > firings), "the late firing to run");
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
}
