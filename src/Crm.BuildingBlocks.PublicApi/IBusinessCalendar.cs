namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// Business time: working hours per weekday in a unit's time zone, public holidays and make-up working days (调休). The
/// one calendar that due times, escalations and SLAs reckon with (ADR 0102). The Branches module answers per unit
/// (hours inherited down the tree); without it, or for no unit, the company calendar from configuration answers
/// (<c>BusinessCalendar</c>: Monday to Friday 09:00–18:00 in the company's time zone by default).
/// </summary>
public interface IBusinessCalendar
{
    /// <summary>
    /// The moment (UTC) when <paramref name="duration"/> of working time has passed after <paramref name="startUtc"/>, in
    /// <paramref name="unitId"/>'s calendar (the company's when null). Time outside working hours does not count.
    /// </summary>
    Task<DateTime> AddBusinessTimeAsync(Guid? unitId, DateTime startUtc, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>The working time between two moments (negative when <paramref name="toUtc"/> is before <paramref name="fromUtc"/>).</summary>
    Task<TimeSpan> BusinessTimeBetweenAsync(Guid? unitId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default);
}
