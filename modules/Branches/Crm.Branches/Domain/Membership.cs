namespace Crm.Branches.Domain;

/// <summary>
/// A person belongs to a unit from <see cref="From"/> to <see cref="To"/> (both inclusive; open-ended while null). Past
/// memberships are kept, so results roll up to the unit a person belonged to then. A person has at most one primary
/// membership on any day; others (a second team) are secondary.
/// </summary>
internal sealed class Membership
{
    private Membership()
    {
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    public Guid UnitId { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly? To { get; private set; }

    public bool IsPrimary { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public static Membership Start(Guid personId, Guid unitId, DateOnly from, bool isPrimary, string by, DateTime nowUtc) =>
        new() { Id = Guid.NewGuid(), PersonId = personId, UnitId = unitId, From = from, IsPrimary = isPrimary, CreatedBy = by, CreatedAtUtc = nowUtc };

    public bool IsActiveOn(DateOnly date) => From <= date && (To is null || To >= date);

    /// <summary>Ends the membership the day before <paramref name="nextStarts"/>; one that had not started yet is cut to nothing.</summary>
    public void EndBefore(DateOnly nextStarts) => To = nextStarts.AddDays(-1) < From ? From.AddDays(-1) : nextStarts.AddDays(-1);
}
