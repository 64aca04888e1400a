using Crm.BuildingBlocks.Calendars;
using Crm.BuildingBlocks.Records;

namespace Crm.Branches.Domain;

/// <summary>
/// A unit's own working hours per weekday, in the unit's time zone. Units without one inherit the hours of the nearest
/// unit above that has one, and the top the company calendar's (ADR 0102). Stored as one line ("Monday=09:00-18:00;…").
/// </summary>
internal sealed class UnitCalendar : AuditedRecord
{
    private UnitCalendar()
    {
    }

    public Guid UnitId { get; private set; }

    public string Hours { get; private set; } = "";

    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> Week => WeekHours.ParseWeek(Hours);

    public static UnitCalendar Create(Guid unitId, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week, string by, DateTime nowUtc)
    {
        var calendar = new UnitCalendar { UnitId = unitId, Hours = WeekHours.FormatWeek(week) };
        calendar.StampCreated(by, nowUtc);
        return calendar;
    }

    public void Change(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week, string by, DateTime nowUtc)
    {
        Hours = WeekHours.FormatWeek(week);
        Touch(by, nowUtc);
    }
}
