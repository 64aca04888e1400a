using System.Collections.Concurrent;
using System.Globalization;

namespace Crm.Web.Formatting;

/// <summary>Amounts and numbers formatted the same on every page, in the UI culture.</summary>
public static class Display
{
    private static readonly ConcurrentDictionary<string, string> Symbols = new(StringComparer.Ordinal);

    /// <summary>Money with two decimals and group separators: <c>1,250,000.00</c>.</summary>
    public static string Amount(decimal? value) => value is { } v ? v.ToString("N2", CultureInfo.CurrentCulture) : "";

    /// <summary>
    /// An amount with its currency, grouped as the UI culture groups numbers and placed as it places currency symbols.
    /// The company currency shows its own symbol (<c>¥1,234,567.00</c> for CNY, in English as in Chinese); any other
    /// currency shows its ISO code (<c>USD 1,234.00</c>), because symbols are shared ($ for USD, HKD, AUD; ¥ for CNY and
    /// JPY) and a Chinese UI must not make a dollar amount look like yuan (docs/adr/0092).
    /// </summary>
    public static string Money(decimal? value, string? currency, string companyCurrency, CultureInfo? culture = null)
    {
        if (value is not { } amount)
        {
            return "";
        }

        culture ??= CultureInfo.CurrentCulture;
        var code = string.IsNullOrEmpty(currency) ? companyCurrency : currency;
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencyDecimalDigits = Crm.BuildingBlocks.PublicApi.Money.Decimals;
        format.CurrencySymbol = code == companyCurrency ? Symbol(code) : code + "\u00a0";
        return amount.ToString("C", format);
    }

    /// <summary>A count with group separators: <c>12,345</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>
    /// The symbol the currency's own country writes (¥ for CNY, $ for USD, € for EUR). ISO 4217 codes start with the
    /// country's ISO 3166 code, so that region is asked first; the neutral zh-Hans and en cultures have no symbol (¤).
    /// </summary>
    public static string Symbol(string currency) => Symbols.GetOrAdd(currency, code =>
    {
        try
        {
            var home = new RegionInfo(code[..2]);
            if (home.ISOCurrencySymbol == code)
            {
                return home.CurrencySymbol;
            }
        }
        catch (ArgumentException)
        {
            // EUR, XAF …: no country of that name; fall through to any country using the currency.
        }

        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            var region = new RegionInfo(culture.Name);
            if (region.ISOCurrencySymbol == code)
            {
                return region.CurrencySymbol;
            }
        }

        return code + "\u00a0";
    });
}
