namespace Crm.Branches.Tests.Permissions;

/// <summary>The host's clock, moved by the test (an end date passing without waiting for it).</summary>
internal sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
