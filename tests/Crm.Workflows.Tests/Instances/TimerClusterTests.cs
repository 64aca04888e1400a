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

/// <summary>Two hosts on one data directory form one Quartz cluster (ADR 0017): each timer and each timer start fires once.</summary>
public sealed class TimerClusterTests
{
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
            Assert.Equal("Finished", (await api1.WaitForAsync(id, "Finished", WaitLimit)).Str("subStatus"));
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
}
