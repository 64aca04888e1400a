using Crm.BuildingBlocks.Calendars;

namespace Crm.Branches.Tests.Calendars;

/// <summary>Business-time arithmetic (ADR 0102): weekends, a public holiday, a make-up working Saturday (调休), two time zones.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static WorkingCalendar OfficeHours(TimeZoneInfo zone, Dictionary<DateOnly, CalendarDayKind>? dates = null)
    {
        IReadOnlyList<WorkingPeriod> day = [new(new TimeOnly(9, 0), new TimeOnly(18, 0))];
        var week = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.ToDictionary(d => d, _ => day);
        return new WorkingCalendar(zone, week, dates);
    }

    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void Time_left_on_a_Friday_evening_continues_on_Monday_morning()
    {
        var calendar = OfficeHours(Shanghai);
        var fridayFourPm = Utc(2026, 12, 4, 8); // 16:00 in Shanghai

        var due = calendar.Add(fridayFourPm, TimeSpan.FromHours(4));

        Assert.Equal(Utc(2026, 12, 7, 3), due); // Monday 11:00 in Shanghai
        Assert.Equal(TimeSpan.FromHours(4), calendar.Between(fridayFourPm, due));
        Assert.Equal(TimeSpan.FromHours(-4), calendar.Between(due, fridayFourPm));
    }

    [Fact]
    public void A_start_at_night_or_at_the_weekend_counts_from_the_next_opening()
    {
        var calendar = OfficeHours(Shanghai);

        Assert.Equal(Utc(2026, 12, 7, 2), calendar.Add(Utc(2026, 12, 5, 4), TimeSpan.FromHours(1))); // Saturday noon → Monday 10:00
        Assert.Equal(TimeSpan.Zero, calendar.Between(Utc(2026, 12, 5, 0), Utc(2026, 12, 6, 23)));
        Assert.Equal(TimeSpan.FromHours(45), calendar.Between(Utc(2026, 12, 6, 16), Utc(2026, 12, 13, 16))); // a whole week
    }

    [Fact]
    public void A_public_holiday_is_skipped()
    {
        var newYear = new Dictionary<DateOnly, CalendarDayKind> { [new DateOnly(2027, 1, 1)] = CalendarDayKind.DayOff };
        var thursdayFivePm = Utc(2026, 12, 31, 9);

        var withHoliday = OfficeHours(Shanghai, newYear).Add(thursdayFivePm, TimeSpan.FromHours(3));
        var without = OfficeHours(Shanghai).Add(thursdayFivePm, TimeSpan.FromHours(3));

        Assert.Equal(Utc(2027, 1, 4, 3), withHoliday); // 1 h on Thursday, Friday is 元旦, 2 h on Monday: 11:00
        Assert.Equal(Utc(2027, 1, 1, 3), without);
        Assert.Equal(TimeSpan.FromHours(1), OfficeHours(Shanghai, newYear).Between(thursdayFivePm, Utc(2027, 1, 3, 12)));
    }

    [Fact]
    public void A_make_up_working_Saturday_counts_with_the_standard_hours()
    {
        var springFestival = new Dictionary<DateOnly, CalendarDayKind>
        {
            [new DateOnly(2027, 2, 6)] = CalendarDayKind.WorkingDay, // Saturday, 班
            [new DateOnly(2027, 2, 8)] = CalendarDayKind.DayOff,
        };
        var fridayFivePm = Utc(2027, 2, 5, 9);

        var due = OfficeHours(Shanghai, springFestival).Add(fridayFivePm, TimeSpan.FromHours(3));

        Assert.Equal(Utc(2027, 2, 6, 3), due); // Saturday 11:00 in Shanghai
        Assert.Equal(TimeSpan.FromHours(9), OfficeHours(Shanghai, springFestival).Between(Utc(2027, 2, 6, 0), Utc(2027, 2, 9, 0)));
        Assert.Equal(Utc(2027, 2, 8, 3), OfficeHours(Shanghai).Add(fridayFivePm, TimeSpan.FromHours(3)));
    }

    [Fact]
    public void The_same_hours_in_two_time_zones_give_different_due_times()
    {
        var mondayEightUtc = Utc(2026, 12, 7, 8); // 16:00 in Shanghai, 09:00 in Berlin

        Assert.Equal(Utc(2026, 12, 8, 3), OfficeHours(Shanghai).Add(mondayEightUtc, TimeSpan.FromHours(4)));
        Assert.Equal(Utc(2026, 12, 7, 12), OfficeHours(Berlin).Add(mondayEightUtc, TimeSpan.FromHours(4)));
        // Summer time in Berlin: 09:00 is 07:00 UTC.
        Assert.Equal(Utc(2027, 6, 7, 8), OfficeHours(Berlin).Add(Utc(2027, 6, 7, 0), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Hours_are_read_and_checked_as_people_write_them()
    {
        Assert.True(WeekHours.TryParseDay("13:00-18:00, 9:00-12:00", out var periods, out _));
        Assert.Equal("09:00-12:00,13:00-18:00", WeekHours.Format(periods));
        Assert.False(WeekHours.TryParseDay("18:00-09:00", out _, out _));
        Assert.False(WeekHours.TryParseDay("09:00-12:00,11:00-13:00", out _, out _));
        Assert.False(WeekHours.TryParseDay("nine to five", out _, out _));
        var lunchBreak = new WorkingCalendar(Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> { [DayOfWeek.Monday] = periods });
        Assert.Equal(Utc(2026, 12, 7, 5, 30), lunchBreak.Add(Utc(2026, 12, 7, 3), TimeSpan.FromHours(1.5))); // 11:00 + 1 h, lunch, 13:30
    }
}
