namespace Crm.Funnel.Domain;

/// <summary>
/// Where a round-robin assignment left off: one row per workflow definition and "Assign lead" activity. The next
/// lead goes to the candidate after <see cref="LastUserId"/>. Advanced with a compare-and-swap on
/// <see cref="Version"/>, so concurrent assignments never hand out the same turn twice.
/// </summary>
internal sealed class AssignmentCursor
{
    public string Key { get; init; } = "";

    public Guid? LastUserId { get; set; }

    public long Version { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A named counter (quote numbers per year), advanced with a compare-and-swap like the cursor.</summary>
internal sealed class NumberSequence
{
    public string Name { get; init; } = "";

    public long Value { get; set; }
}
