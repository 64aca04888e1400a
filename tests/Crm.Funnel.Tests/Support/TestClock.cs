namespace Crm.Funnel.Tests.Support;

/// <summary>A clock the test moves: timers, time limits and minimum fill times are tested without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
