using System.Globalization;

namespace Crm.Web.Formatting;

/// <summary>
/// The user's time zone, cascaded by the router to every page: times are stored in UTC and shown in the zone of the
/// user's browser (docs/adr/0030). Formats are fixed (<c>yyyy-MM-dd HH:mm</c>) so every page shows times the same way
/// whatever the language.
/// </summary>
public sealed record UserClock(TimeZoneInfo Zone)
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm";

    /// <summary>The cookie the shell's script writes with the browser's IANA zone (e.g. <c>Asia/Shanghai</c>).</summary>
    public const string CookieName = "crm-tz";

    public static UserClock Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>True when the zone is known (from the browser) rather than the UTC fallback.</summary>
    public bool IsKnown { get; init; }

    /// <summary>The zone named by an IANA (or Windows) id; UTC for a missing or unknown id.</summary>
    public static UserClock From(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || zoneId.Length > 64)
        {
            return Utc;
        }

        try
        {
            return new UserClock(TimeZoneInfo.FindSystemTimeZoneById(zoneId.Trim())) { IsKnown = true };
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return Utc;
        }
    }

    /// <summary>The zone's short name for labels, e.g. "Asia/Shanghai" or "UTC".</summary>
    public string ZoneName => Zone.Id;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), Zone);

    /// <summary>A wall-clock time the user entered (in their zone) as UTC, for storing.</summary>
    public DateTime ToUtc(DateTime local) =>
        local.Kind == DateTimeKind.Utc ? local : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public string FormatDateTime(DateTime? utc) => utc is { } value ? ToLocal(value).ToString(DateTimeFormat, CultureInfo.InvariantCulture) : "";

    public string FormatDate(DateTime? utc) => utc is { } value ? ToLocal(value).ToString(DateFormat, CultureInfo.InvariantCulture) : "";

    /// <summary>Whole days between the time and now, in the user's calendar (0 = today).</summary>
    public int DaysAgo(DateTime utc, DateTime nowUtc) => (ToLocal(nowUtc).Date - ToLocal(utc).Date).Days;

    // Stored values come back with Kind=Utc; a value from elsewhere without a kind is taken as UTC, as the API does.
    private static DateTime AsUtc(DateTime value) =>
        value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
}
