using System.Globalization;
using Crm.BuildingBlocks.Calendars;
using Crm.BuildingBlocks.Records;

namespace Crm.Branches.Domain;

/// <summary>A dated override: 休 (a day off) or 班 (a make-up working day), with the holiday's name.</summary>
internal sealed record CalendarDate(DateOnly Date, CalendarDayKind Kind, string Name);

/// <summary>
/// One year's public holidays and make-up working days (调休) for the whole company. The State Council publishes them
/// each autumn, so they are kept as data per year, edited or imported, never computed (ADR 0102). Stored as one text
/// column, a line per date, because a year has a few dozen and is always read and replaced whole.
/// </summary>
internal sealed class HolidayYear : AuditedRecord
{
    private HolidayYear()
    {
    }

    public int Year { get; private set; }

    public string Dates { get; private set; } = "";

    public IReadOnlyList<CalendarDate> DateList => Parse(Dates);

    public static HolidayYear Create(int year, IEnumerable<CalendarDate> dates, string by, DateTime nowUtc)
    {
        var holidays = new HolidayYear { Year = year, Dates = Format(dates) };
        holidays.StampCreated(by, nowUtc);
        return holidays;
    }

    public void Replace(IEnumerable<CalendarDate> dates, string by, DateTime nowUtc)
    {
        Dates = Format(dates);
        Touch(by, nowUtc);
    }

    private static string Format(IEnumerable<CalendarDate> dates) =>
        string.Join("\n", dates.OrderBy(d => d.Date).Select(d => $"{d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\t{d.Kind}\t{d.Name}"));

    private static List<CalendarDate> Parse(string stored) =>
        stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 3))
            .Where(p => p.Length >= 2)
            .Select(p => new CalendarDate(DateOnly.ParseExact(p[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), Enum.Parse<CalendarDayKind>(p[1]), p.Length > 2 ? p[2] : ""))
            .ToList();
}
