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

/// <summary>Timer bookmarks on Quartz (ADR 0018): a trigger per bookmark, removed with it, reconciled when lost, kept across a restart.</summary>
public sealed class TimerTests
{
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
        var instance = await api.WaitForAsync(id, "Finished", WaitLimit);
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

        var instance = await api.WaitForAsync(id, "Finished", WaitLimit);
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
            (id, _) = await api.ExecuteAsync(await api.PublishAsync(DelayThenWrite("01:00:00")));
            bookmarkId = (await api.SingleBookmarkAsync(id)).Str("id");
        }

        // The trigger outlived its process: it is a row of the scheduler's store.
        Assert.Equal(1L, data.Scalar($"SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = '{WorkflowTimerScheduler.BookmarkTriggerGroup}' AND TRIGGER_NAME = '{bookmarkId}'"));

        // The next host starts two hours later by its clock (which Quartz uses too), so the timer is overdue.
        using var second = new CrmApp(enabledModules: [], settings: data.Settings(), services: s => s.AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromHours(2))));
        var again = new InstanceApi(second.CreateClient());
        var instance = await again.WaitForAsync(id, "Finished", WaitLimit);
        Assert.Equal("Finished", instance.Str("subStatus"));
        Assert.Single(await again.JournalEventsAsync(id), e => e == "delay:Resumed");
    }

    [Fact]
    public async Task A_trigger_whose_bookmark_is_gone_fires_into_nothing_and_is_not_retried()
    {
        using var app = new CrmApp(enabledModules: []);
        _ = app.CreateClient();
        var timers = app.Services.GetRequiredService<WorkflowTimerScheduler>();

        await timers.ScheduleBookmarksAsync([new TimerBookmark("no-such-bookmark", DateTime.UtcNow)], CancellationToken.None);

        await Eventually(async () => !await (await SchedulerOf(app)).Exists(WorkflowTimerScheduler.BookmarkTrigger("no-such-bookmark")), "the trigger to be spent");
    }

    [Fact]
    public async Task Two_timers_of_one_instance_due_together_both_resume_it()
    {
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var definitionId = await api.PublishAsync(new WorkflowJson()
            .Activity("fork", "Elsa.FlowFork", ("branches", Object("[\"X\",\"Y\"]")))
            .Activity("wait-x", "Elsa.Delay", ("timeSpan", Literal("00:00:01")))
            .Activity("wait-y", "Elsa.Delay", ("timeSpan", Literal("00:00:01")))
            .Activity("x", "Elsa.WriteLine", ("text", Literal("x")))
            .Activity("y", "Elsa.WriteLine", ("text", Literal("y")))
            .Connect("fork", "wait-x", "X")
            .Connect("fork", "wait-y", "Y")
            .Connect("wait-x", "x")
            .Connect("wait-y", "y"));

        var (id, executed) = await api.ExecuteAsync(definitionId);
        Assert.Equal(2, executed.GetProperty("workflowState").GetProperty("bookmarks").GetArrayLength());

        Assert.Equal("Finished", (await api.WaitForAsync(id, "Finished", WaitLimit)).Str("subStatus"));
        var events = await api.JournalEventsAsync(id);
        Assert.Contains("x:Completed", events);
        Assert.Contains("y:Completed", events);
    }

    [Fact]
    public async Task An_SDK_bookmark_with_a_due_time_is_resumed_by_its_timer_when_no_one_answered()
    {
        using var app = new CrmApp(enabledModules: [], services: s => s.AddActivityDescriptors(() => Descriptors.SdkActivityDescriber.DescribeAll(typeof(WorkflowApiFixture).Assembly, "Tests")));
        var api = new InstanceApi(app.CreateClient());
        var definitionId = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Test.WaitUntilDue", ("dueIn", Literal("00:00:01")))
            .Activity("escalate", "Elsa.WriteLine", ("text", Literal("escalated")))
            .Activity("answered", "Elsa.WriteLine", ("text", Literal("answered")))
            .Chain("start", "task")
            .Connect("task", "escalate", "Due")
            .Connect("task", "answered", "Answered"));

        var (id, _) = await api.ExecuteAsync(definitionId);
        Assert.True(await (await SchedulerOf(app)).Exists(WorkflowTimerScheduler.BookmarkTrigger((await api.SingleBookmarkAsync(id)).Str("id"))));

        Assert.Equal("Finished", (await api.WaitForAsync(id, "Finished", WaitLimit)).Str("subStatus"));
        var events = await api.JournalEventsAsync(id);
        Assert.Contains("escalate:Completed", events);
        Assert.DoesNotContain("answered:Completed", events);
    }
}
