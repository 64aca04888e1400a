using System.Text;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// Canonical forms for duplicate detection and search, so "+86 (21) 5555-0100" matches "862155550100". Every module
/// normalises the same way, so a lead's phone finds the account that already has it.
/// </summary>
public static class Normalize
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

    public static string? TaxId(string? taxId)
    {
        if (string.IsNullOrWhiteSpace(taxId))
        {
            return null;
        }

        var builder = new StringBuilder(taxId.Length);
        foreach (var c in taxId)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
