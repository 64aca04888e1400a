using Crm.BuildingBlocks.PublicApi;
using Microsoft.Extensions.Options;

namespace Crm.BuildingBlocks.Calendars;

/// <summary>
/// The business calendar from configuration: Monday to Friday 09:00–18:00 in the company's time zone unless
/// <see cref="BusinessCalendarOptions"/> say otherwise. It answers <see cref="IBusinessCalendar"/> while the Branches
/// module is off, and gives that module the hours units inherit when none of them sets its own (ADR 0102).
/// </summary>
public sealed class CompanyBusinessCalendar(IOptions<BusinessCalendarOptions> options) : IBusinessCalendar
{
    private WorkingCalendar? _calendar;
    private IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> _week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>();

    public TimeZoneInfo Zone => Calendar.Zone;

    /// <summary>The company's working hours per weekday: what a unit without hours of its own (nor above it) works.</summary>
    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> Week
    {
        get
        {
            _ = Calendar;
            return _week;
        }
    }

    public WorkingCalendar Calendar => _calendar ??= Build();

    public Task<DateTime> AddBusinessTimeAsync(Guid? unitId, DateTime startUtc, TimeSpan duration, CancellationToken cancellationToken = default) =>
        Task.FromResult(Calendar.Add(startUtc, duration));

    public Task<TimeSpan> BusinessTimeBetweenAsync(Guid? unitId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        Task.FromResult(Calendar.Between(fromUtc, toUtc));

    private WorkingCalendar Build()
    {
        var o = options.Value;
        if (!o.TryBuildWeek(out var zone, out var week, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _week = week;
        var dates = new Dictionary<DateOnly, CalendarDayKind>();
        foreach (var day in o.ExtraWorkingDays ?? [])
        {
            dates[day] = CalendarDayKind.WorkingDay;
        }

        foreach (var day in o.DaysOff ?? [])
        {
            dates[day] = CalendarDayKind.DayOff;
        }

        return new WorkingCalendar(zone, week, dates);
    }
}
