using System.Globalization;
using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Identifiers;

/// <summary>
/// The citizen identity number (公民身份号码) of a resident of mainland China, GB 11643-1999: 17 digits (address code,
/// date of birth yyyyMMdd, sequence) and a check character 0–9 or X (ISO 7064 MOD 11-2).
/// </summary>
public static class ResidentIdNumber
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private const string CheckCharacters = "10X98765432";

    /// <summary>
    /// What is wrong with <paramref name="number"/>, naming the character; an empty text when it is valid. (Not a nullable:
    /// only a <see cref="CrmText"/> target keeps an interpolated message's values apart for translation.)
    /// </summary>
    public static CrmText Problem(string number)
    {
        number = number.Trim().ToUpperInvariant();
        if (number.Length != Length)
        {
            return $"A resident identity number has 18 characters; this one has {number.Length}.";
        }

        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return $"Character {i + 1} of the resident identity number, '{number[i]}', must be a digit.";
            }

            sum += (number[i] - '0') * Weights[i];
        }

        if (!DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return $"Characters 7 to 14 of the resident identity number, {number[6..14]}, are not a date of birth (yyyyMMdd).";
        }

        var expected = CheckCharacters[sum % 11];
        if (number[Length - 1] == expected)
        {
            return "";
        }

        return $"The check character (the 18th) of the resident identity number should be '{expected}', not '{number[Length - 1]}': a digit is mistyped.";
    }

    public static bool IsValid(string number) => Problem(number).Format.Length == 0;
}
