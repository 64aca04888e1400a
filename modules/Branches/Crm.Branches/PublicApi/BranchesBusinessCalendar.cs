using Crm.Branches.Domain;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Calendars;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.PublicApi;

/// <summary>
/// The business calendar per unit (ADR 0102): the unit's time zone, the working hours of the nearest unit up the tree
/// that sets its own (the company calendar's when none does), and the company's yearly 休/班 dates. No unit, or an id
/// the tree does not know, means the top unit.
/// </summary>
internal sealed class BranchesBusinessCalendar(BranchesDbContext db, CompanyBusinessCalendar company) : IBusinessCalendar
{
    private readonly Dictionary<Guid, WorkingCalendar> _calendars = [];
    private WorkingCalendar? _top;

    public async Task<DateTime> AddBusinessTimeAsync(Guid? unitId, DateTime startUtc, TimeSpan duration, CancellationToken cancellationToken = default) =>
        (await CalendarAsync(unitId, cancellationToken)).Add(startUtc, duration);

    public async Task<TimeSpan> BusinessTimeBetweenAsync(Guid? unitId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        (await CalendarAsync(unitId, cancellationToken)).Between(fromUtc, toUtc);

    /// <summary>The calendar a unit works by, and which unit's hours it inherited (null: the company's).</summary>
    public async Task<(WorkingCalendar Calendar, UnitHoursSource Source)> ResolveAsync(Guid? unitId, CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.TimeZone }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var own = await db.UnitCalendars.AsNoTracking().ToDictionaryAsync(c => c.UnitId, cancellationToken);
        var unit = unitId is { } id && units.TryGetValue(id, out var found) ? found : units.Values.FirstOrDefault(u => u.ParentId is null);
        var zone = unit is not null && TimeZoneInfo.TryFindSystemTimeZoneById(unit.TimeZone, out var z) ? z : company.Zone;

        var source = new UnitHoursSource(null, company.Week);
        for (var (current, steps) = (unit, 0); current is not null && steps <= units.Count; steps++)
        {
            if (own.TryGetValue(current.Id, out var hours))
            {
                source = new UnitHoursSource(current.Id, hours.Week);
                break;
            }

            current = current.ParentId is { } parent ? units.GetValueOrDefault(parent) : null;
        }

        return (new WorkingCalendar(zone, source.Week, await DatesAsync(cancellationToken)), source);
    }

    private async Task<WorkingCalendar> CalendarAsync(Guid? unitId, CancellationToken cancellationToken)
    {
        if (unitId is { } id && _calendars.TryGetValue(id, out var known))
        {
            return known;
        }

        if (unitId is null && _top is not null)
        {
            return _top;
        }

        var (calendar, _) = await ResolveAsync(unitId, cancellationToken);
        return unitId is { } key ? _calendars[key] = calendar : _top = calendar;
    }

    private async Task<IReadOnlyDictionary<DateOnly, CalendarDayKind>> DatesAsync(CancellationToken cancellationToken) =>
        (await db.HolidayYears.AsNoTracking().ToListAsync(cancellationToken))
        .SelectMany(y => y.DateList)
        .GroupBy(d => d.Date)
        .ToDictionary(g => g.Key, g => g.Last().Kind);
}

/// <summary>Where a unit's hours come from: the unit that sets them (null: the company calendar) and the hours.</summary>
internal sealed record UnitHoursSource(Guid? UnitId, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> Week);
