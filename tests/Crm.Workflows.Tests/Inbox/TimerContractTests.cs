using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Tests.Runtime;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>
/// The due time through the host's real timer infrastructure: the inbox only relies on "a bookmark with a ResumeAtUtc
/// is resumed when it is due", whatever schedules it.
/// </summary>
public sealed class TimerContractTests
{
    [Fact]
    public async Task The_timer_infrastructure_escalates_an_overdue_task_without_help()
    {
        using var fx = new InboxApp(enabledModules: [], importTemplates: false, realClock: true, settings: new Dictionary<string, string?>
        {
            ["Workflows:Timers:Enabled"] = "true",
            ["Workflows:TimerPollingIntervalSeconds"] = "0.2",
        });
        var definitionId = await fx.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", InboxJson.HumanTask("Answer quickly", assignee: Staff.Alice.UserId.ToString(), dueIn: "00:00:01", onOverdue: "EscalateToManager"))
            .Chain("start", "task"));
        var instanceId = await fx.StartAsync(definitionId);

        // Waits for an outcome, not for a time: the deadline only stops a broken timer from hanging the run.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HumanTask task;
        do
        {
            await Task.Delay(200);
            task = await fx.SingleOpenTaskAsync(instanceId);
        }
        while (task.EscalatedAtUtc is null && DateTime.UtcNow < deadline);

        Assert.NotNull(task.EscalatedAtUtc);
        Assert.Equal(Staff.Mia.UserId, task.AssigneeId);
    }
}
