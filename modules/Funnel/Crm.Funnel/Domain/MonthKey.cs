namespace Crm.Funnel.Domain;

/// <summary>yyyymm of a date: the month key of the funnel statistics.</summary>
internal static class MonthKey
{
    public static int Of(DateOnly date) => (date.Year * 100) + date.Month;

    public static int Of(DateTime utc) => (utc.Year * 100) + utc.Month;
}
