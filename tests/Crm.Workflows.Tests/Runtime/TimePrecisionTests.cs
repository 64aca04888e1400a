using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>
/// The engine stamps times to the whole microsecond (ADR 0083): PostgreSQL keeps no finer, so a burst's returned times
/// must already be what every provider reads back.
/// </summary>
public sealed class TimePrecisionTests
{
    [Fact]
    public async Task Every_time_a_burst_stamps_is_truncated_to_the_microsecond()
    {
        var harness = new EngineHarness();
        var exact = new DateTimeOffset(2026, 12, 7, 9, 30, 15, TimeSpan.Zero).AddTicks(1_234_567);
        harness.Clock.UtcNow = exact;
        var definition = new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", Literal("precision")))
            .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
            .Chain("start", "wait", "after")
            .Build();

        var started = await harness.StartAsync(definition);
        var resumed = await harness.ResumeAsync(definition, started.State, Assert.Single(started.BookmarksCreated).Id);

        var truncated = exact.AddTicks(-7);
        Assert.Equal(truncated, started.State.CreatedAt);
        Assert.Equal(truncated, resumed.State.UpdatedAt);
        Assert.Equal(truncated, resumed.State.FinishedAt);
        Assert.All(started.Journal.Concat(resumed.Journal), e => Assert.Equal(truncated, e.Timestamp));
        Assert.All(resumed.ActivityExecutions, r => Assert.Equal(truncated, r.StartedAt));
    }
}
