using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Identifiers;

/// <summary>
/// The unified social credit code (统一社会信用代码) of a Chinese organisation, GB 32100-2015: 18 characters from the
/// 31-character set 0–9 and A–Y without I, O, S, V and Z; the 18th is a check character, weights 3^(i-1) mod 31.
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const int Length = 18;

    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>
    /// What is wrong with <paramref name="code"/>, naming the character; an empty text when it is valid. (Not a nullable:
    /// only a <see cref="CrmText"/> target keeps an interpolated message's values apart for translation.)
    /// </summary>
    public static CrmText Problem(string code)
    {
        code = code.Trim().ToUpperInvariant();
        if (code.Length != Length)
        {
            return $"A unified social credit code has 18 characters; this one has {code.Length}.";
        }

        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return $"Character {i + 1} of the unified social credit code, '{code[i]}', is not allowed (I, O, S, V and Z never appear).";
            }

            sum += value * Weights[i];
        }

        var expected = Alphabet[(31 - sum % 31) % 31];
        if (code[Length - 1] == expected)
        {
            return "";
        }

        return $"The check character (the 18th) of the unified social credit code should be '{expected}', not '{code[Length - 1]}': a character is mistyped.";
    }

    public static bool IsValid(string code) => Problem(code).Format.Length == 0;
}
