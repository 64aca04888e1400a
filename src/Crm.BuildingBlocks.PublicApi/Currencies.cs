using System.Globalization;

namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// The ISO 4217 codes the product accepts: the currencies of every country .NET's culture data knows (CNY, USD, EUR,
/// HKD, JPY …). Taken from the culture data rather than typed in, so the list is the one the formatter can show.
/// </summary>
public static class Currencies
{
    /// <summary>The company currency when the installation sets none (<c>Money:CompanyCurrency</c>).</summary>
    public const string DefaultCompanyCurrency = "CNY";

    public static IReadOnlySet<string> Known { get; } = Load();

    /// <summary>True for a known ISO 4217 code written as ISO writes it (three capital letters).</summary>
    public static bool IsKnown(string? code) => code is not null && Money.IsCurrencyCode(code) && Known.Contains(code);

    private static HashSet<string> Load()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal) { DefaultCompanyCurrency };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var code = new RegionInfo(culture.Name).ISOCurrencySymbol;
                if (Money.IsCurrencyCode(code))
                {
                    codes.Add(code);
                }
            }
            catch (ArgumentException)
            {
                // A culture without a region (rare in ICU data) names no currency.
            }
        }

        return codes;
    }
}
