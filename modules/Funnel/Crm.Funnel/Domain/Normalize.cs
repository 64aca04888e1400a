using System.Text;

namespace Crm.Funnel.Domain;

/// <summary>Canonical forms for duplicate detection and search, so "+86 (21) 5555-0100" matches "862155550100".</summary>
internal static class Normalize
{
    public static string? Email(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    public static string? Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new StringBuilder(phone.Length);
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.Length == 0 ? null : digits.ToString();
    }

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Money as the API keeps it: two decimals.</summary>
    public static decimal Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>yyyymm of a date: the month key of the funnel statistics.</summary>
    public static int Month(DateOnly date) => (date.Year * 100) + date.Month;

    public static int Month(DateTime utc) => (utc.Year * 100) + utc.Month;
}
