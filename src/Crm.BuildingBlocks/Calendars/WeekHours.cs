using System.Globalization;

namespace Crm.BuildingBlocks.Calendars;

/// <summary>
/// Working hours of a week as people write them: per weekday a list of periods "09:00-12:00,13:30-18:00" (empty: no
/// work that day). One reader and writer for configuration, the API and storage, so they cannot drift apart.
/// </summary>
public static class WeekHours
{
    /// <summary>Reads "09:00-12:00,13:30-18:00"; false with a message when a period is malformed, empty or overlapping.</summary>
    public static bool TryParseDay(string? text, out IReadOnlyList<WorkingPeriod> periods, out string? error)
    {
        periods = [];
        error = null;
        var list = new List<WorkingPeriod>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2
                || !TimeOnly.TryParseExact(ends[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(ends[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                error = $"'{part}' is not a period such as 09:00-18:00.";
                return false;
            }

            if (end <= start)
            {
                error = $"'{part}' ends before it starts; a period lies within one day.";
                return false;
            }

            list.Add(new WorkingPeriod(start, end));
        }

        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Start < list[i - 1].End)
            {
                error = $"The periods {Format([list[i - 1]])} and {Format([list[i]])} overlap.";
                return false;
            }
        }

        periods = list;
        return true;
    }

    public static string Format(IEnumerable<WorkingPeriod> periods) =>
        string.Join(",", periods.Select(p => $"{p.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{p.End.ToString("HH:mm", CultureInfo.InvariantCulture)}"));

    /// <summary>The whole week as one line for storage: "Monday=09:00-18:00;Tuesday=…" (days without work left out).</summary>
    public static string FormatWeek(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> week) =>
        string.Join(";", Enum.GetValues<DayOfWeek>().Where(d => week.GetValueOrDefault(d) is { Count: > 0 }).Select(d => $"{d}={Format(week[d])}"));

    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> ParseWeek(string? stored)
    {
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>();
        foreach (var entry in (stored ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = entry.Split('=', 2);
            if (pair.Length == 2 && Enum.TryParse<DayOfWeek>(pair[0], out var day) && TryParseDay(pair[1], out var periods, out _))
            {
                week[day] = periods;
            }
        }

        return week;
    }
}
