namespace Crm.BuildingBlocks.Calendars;

/// <summary>
/// The company calendar (section <c>BusinessCalendar</c>): what due times are reckoned in when the Branches module is
/// off, and what units inherit when no unit up the tree sets its own hours (ADR 0102).
/// </summary>
public sealed class BusinessCalendarOptions
{
    public const string Section = "BusinessCalendar";

    /// <summary>IANA time zone of the company's working day.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Working weekdays (default Monday to Friday).</summary>
    public List<DayOfWeek>? WorkingDays { get; set; }

    /// <summary>The hours of each working day, e.g. "09:00-18:00" or "09:00-12:00,13:00-18:00".</summary>
    public string Hours { get; set; } = "09:00-18:00";

    /// <summary>Dates off (休) when the Branches module, which keeps the yearly lists, is off: "2027-01-01".</summary>
    public List<DateOnly>? DaysOff { get; set; }

    /// <summary>Make-up working days (班) when the Branches module is off.</summary>
    public List<DateOnly>? ExtraWorkingDays { get; set; }

    /// <summary>The weekly hours these options describe; false with a message when the time zone or hours are wrong.</summary>
    public bool TryBuildWeek(out TimeZoneInfo zone, out IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week, out string? error)
    {
        week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out zone!))
        {
            zone = TimeZoneInfo.Utc;
            error = $"BusinessCalendar:TimeZone '{TimeZone}' is not a known IANA time zone.";
            return false;
        }

        if (!WeekHours.TryParseDay(Hours, out var periods, out error) || periods.Count == 0)
        {
            error = $"BusinessCalendar:Hours: {error ?? "no working period"}";
            return false;
        }

        week = (WorkingDays is { Count: > 0 } days ? days : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday])
            .Distinct()
            .ToDictionary(d => d, _ => periods);
        return true;
    }
}
