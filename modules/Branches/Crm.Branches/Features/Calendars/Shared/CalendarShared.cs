using System.Globalization;
using Crm.Branches.Domain;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Calendars;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.Calendars.Shared;

/// <summary>A 休/班 date as the API reads and writes it: kind DayOff (休) or WorkingDay (班).</summary>
internal sealed record CalendarDateDto(DateOnly? Date, string? Kind, string? Name);

internal static class CalendarDays
{
    public static readonly string[] WeekdayNames = Enum.GetNames<DayOfWeek>();

    /// <summary>DayOff / WorkingDay, or as the State Council's notice writes them: 休 / 班.</summary>
    public static bool TryParseKind(string? text, out CalendarDayKind kind)
    {
        kind = CalendarDayKind.DayOff;
        switch (text?.Trim())
        {
            case "休":
            case var t when string.Equals(t, nameof(CalendarDayKind.DayOff), StringComparison.OrdinalIgnoreCase):
                return true;
            case "班":
            case var t when string.Equals(t, nameof(CalendarDayKind.WorkingDay), StringComparison.OrdinalIgnoreCase):
                kind = CalendarDayKind.WorkingDay;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads an import: one date a line, "2027-02-07 班 春节调休" (date, 休 or 班, an optional name; spaces, tabs or
    /// commas between). Blank lines and lines starting with # are skipped. Null when a line is not of that form.
    /// </summary>
    public static List<CalendarDate>? ParseLines(string text, out int badLine)
    {
        badLine = 0;
        var dates = new List<CalendarDate>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split([' ', '\t', ',', '，'], 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length < 2
                || !DateOnly.TryParseExact(parts[0], ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !TryParseKind(parts[1], out var kind))
            {
                badLine = number;
                return null;
            }

            dates.Add(new CalendarDate(date, kind, parts.Length > 2 ? parts[2] : ""));
        }

        return dates;
    }

    public static IReadOnlyDictionary<string, string> Describe(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week) =>
        WeekdaysMondayFirst.ToDictionary(d => d.ToString(), d => WeekHours.Format(week.GetValueOrDefault(d) ?? []));

    public static readonly DayOfWeek[] WeekdaysMondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// This year's and next year's 休/班 lists, if either is missing: the State Council publishes next year's each autumn,
    /// and without them due times run through the holidays (the warning on the API, the page and /health/details).
    /// </summary>
    public static async Task<IReadOnlyList<int>> MissingYearsAsync(BranchesDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var wanted = new[] { nowUtc.Year, nowUtc.Year + 1 };
        var present = await db.HolidayYears.AsNoTracking().Where(y => wanted.Contains(y.Year)).Select(y => y.Year).ToListAsync(cancellationToken);
        return wanted.Except(present).ToList();
    }
}
