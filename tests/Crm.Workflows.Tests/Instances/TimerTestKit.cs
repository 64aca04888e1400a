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

/// <summary>Shared by the timer tests: workflows, the host's scheduler, polling, a data directory several hosts share.</summary>
internal static class TimerTestKit
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    public static WorkflowJson DelayThenWrite(string timeSpan) => new WorkflowJson()
        .Activity("start", "Elsa.Start")
        .Activity("delay", "Elsa.Delay", ("timeSpan", Literal(timeSpan)))
        .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
        .Chain("start", "delay", "after");

    public static WorkflowJson EverySecond(string text = "tick") => new WorkflowJson()
        .Trigger("timer", "Elsa.Timer", ("interval", Literal("00:00:01")))
        .Activity("write", "Elsa.WriteLine", ("text", Literal(text)))
        .Chain("timer", "write");

    public static async Task<IScheduler> SchedulerOf(CrmApp app) => await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    public static async Task<List<JsonElement>> InstancesAsync(InstanceApi api, string definitionId) =>
        (await api.PostAsync("/workflow-instances", new JsonObject { ["definitionId"] = definitionId, ["pageSize"] = 100 })).GetProperty("items").EnumerateArray().ToList();

    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static void CountFirings(IServiceCollection services, string node, ConcurrentQueue<(string Node, string Trigger)> fired) =>
        services.AddQuartz(q => q.AddJobListener(new FiringRecorder(node, fired)));

    /// <summary>Records "begin &lt;job&gt;" and "end &lt;job&gt;" for every execution, so a test waits for a firing instead of sleeping.</summary>
    public static void RecordExecutions(IServiceCollection services, ConcurrentQueue<string> executed) =>
        services.AddQuartz(q => q.AddJobListener(new ExecutionRecorder(executed)));

    /// <summary>A clock <paramref name="offset"/> ahead of real time, ticking with it: a host started "later".</summary>
    public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    private sealed class ExecutionRecorder(ConcurrentQueue<string> executed) : IJobListener
    {
        public string Name => "execution-recorder";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            executed.Enqueue("begin " + context.JobDetail.Key);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            executed.Enqueue("end " + context.JobDetail.Key);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            executed.Enqueue("end " + context.JobDetail.Key);
            return ValueTask.CompletedTask;
        }
    }

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
    public sealed class SharedDataDirectory : IDisposable
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
