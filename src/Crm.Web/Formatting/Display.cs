using System.Globalization;

namespace Crm.Web.Formatting;

/// <summary>Amounts and numbers formatted the same on every page, in the UI culture.</summary>
public static class Display
{
    /// <summary>Money with two decimals and group separators: <c>1,250,000.00</c>.</summary>
    public static string Amount(decimal? value) => value is { } v ? v.ToString("N2", CultureInfo.CurrentCulture) : "";

    /// <summary>A count with group separators: <c>12,345</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
