namespace Crm.BuildingBlocks.Calendars;

/// <summary>One stretch of working time on a day, in the calendar's local time (End after Start, within the day).</summary>
public sealed record WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>What a dated override makes of a day: 休 (a day off, e.g. a public holiday) or 班 (a make-up working day).</summary>
public enum CalendarDayKind
{
    /// <summary>休: no working time, whatever the weekday.</summary>
    DayOff = 0,

    /// <summary>班: a working day with the standard hours, even on a Saturday or Sunday (China's 调休).</summary>
    WorkingDay = 1,
}

/// <summary>
/// Business-time arithmetic over one calendar: working periods per weekday in an IANA time zone plus dated overrides
/// (ADR 0102). Pure and deterministic: the Branches module and the company calendar build one and ask it, so due times,
/// escalations and SLAs count the same hours.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>How far ahead a due time is looked for before the calendar is called empty (ten years).</summary>
    public const int MaxDaysSearched = 3660;

    private static readonly DayOfWeek[] MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private readonly IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> _week;
    private readonly IReadOnlyDictionary<DateOnly, CalendarDayKind> _dates;
    private readonly IReadOnlyList<WorkingPeriod> _standardDay;

    public WorkingCalendar(TimeZoneInfo zone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week, IReadOnlyDictionary<DateOnly, CalendarDayKind>? dates = null)
    {
        Zone = zone;
        _week = week;
        _dates = dates ?? new Dictionary<DateOnly, CalendarDayKind>();
        // A make-up working day (班) is worked like an ordinary one; the first weekday with hours is that ordinary day.
        _standardDay = MondayFirst.Select(d => _week.GetValueOrDefault(d) ?? []).FirstOrDefault(p => p.Count > 0) ?? [];
    }

    public TimeZoneInfo Zone { get; }

    public bool HasWorkingTime => _standardDay.Count > 0;

    /// <summary>The working periods of <paramref name="date"/> (local), overrides applied.</summary>
    public IReadOnlyList<WorkingPeriod> PeriodsOn(DateOnly date)
    {
        var weekday = _week.GetValueOrDefault(date.DayOfWeek) ?? [];
        return _dates.TryGetValue(date, out var kind)
            ? kind == CalendarDayKind.DayOff ? [] : weekday.Count > 0 ? weekday : _standardDay
            : weekday;
    }

    /// <summary>The moment <paramref name="duration"/> of working time after <paramref name="startUtc"/>.</summary>
    public DateTime Add(DateTime startUtc, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var start = AsUtc(startUtc);
        if (duration == TimeSpan.Zero)
        {
            return start;
        }

        if (!HasWorkingTime)
        {
            throw new InvalidOperationException("The calendar has no working hours on any weekday, so no due time can be reckoned.");
        }

        var remaining = duration;
        var day = LocalDate(start);
        for (var i = 0; i < MaxDaysSearched; i++, day = day.AddDays(1))
        {
            foreach (var (from, to) in Intervals(day))
            {
                var begin = from > start ? from : start;
                if (to <= begin)
                {
                    continue;
                }

                var available = to - begin;
                if (available >= remaining)
                {
                    return begin + remaining;
                }

                remaining -= available;
            }
        }

        throw new InvalidOperationException($"The calendar has too few working days to fit {duration} in {MaxDaysSearched} days.");
    }

    /// <summary>The working time between two moments; negative when <paramref name="toUtc"/> comes first.</summary>
    public TimeSpan Between(DateTime fromUtc, DateTime toUtc)
    {
        var from = AsUtc(fromUtc);
        var to = AsUtc(toUtc);
        if (to < from)
        {
            return -Between(to, from);
        }

        var total = TimeSpan.Zero;
        for (var day = LocalDate(from); day <= LocalDate(to); day = day.AddDays(1))
        {
            foreach (var (start, end) in Intervals(day))
            {
                var overlap = (end < to ? end : to) - (start > from ? start : from);
                if (overlap > TimeSpan.Zero)
                {
                    total += overlap;
                }
            }
        }

        return total;
    }

    private IEnumerable<(DateTime From, DateTime To)> Intervals(DateOnly day) =>
        PeriodsOn(day).Select(p => (ToUtc(day, p.Start), ToUtc(day, p.End)));

    private DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Zone));

    private DateTime ToUtc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        // A time the clocks skip when summer time starts does not exist; the working period starts when the clock resumes.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
