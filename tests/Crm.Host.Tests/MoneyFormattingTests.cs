using System.Globalization;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using Crm.Web.Formatting;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>Amounts with their currency (one formatter for every page), Chinese capital numerals, VAT per line.</summary>
public sealed class MoneyFormattingTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Fact]
    public void The_company_currency_shows_its_symbol_and_the_cultures_grouping()
    {
        // The neutral zh-Hans culture has no symbol of its own (¤); the formatter takes CNY's from China.
        Assert.Equal("¤1,234,567.00", 1234567m.ToString("C2", Chinese));
        Assert.Equal("¥1,234,567.00", Display.Money(1234567m, "CNY", "CNY", Chinese));
        Assert.Equal("¥1,234,567.00", Display.Money(1234567m, null, "CNY", English));
        Assert.Equal("-¥1,234.50", Display.Money(-1234.5m, "CNY", "CNY", Chinese));
    }

    [Fact]
    public void Another_currency_shows_its_code_so_a_dollar_never_looks_like_a_yuan()
    {
        Assert.Equal("USD\u00a01,234.00", Display.Money(1234m, "USD", "CNY", Chinese));
        Assert.Equal("JPY\u00a0500.00", Display.Money(500m, "JPY", "CNY", English));
        Assert.Equal("$1,234.00", Display.Money(1234m, "USD", "USD", English));
        Assert.Equal("€10.00", Display.Money(10m, "EUR", "EUR", English));
    }

    [Fact]
    public void No_amount_shows_nothing() => Assert.Equal("", Display.Money(null, "CNY", "CNY", Chinese));

    [Theory]
    [InlineData("123.45", "壹佰贰拾叁元肆角伍分")]
    [InlineData("0", "零元整")]
    [InlineData("1", "壹元整")]
    [InlineData("10", "壹拾元整")]
    [InlineData("0.05", "伍分")]
    [InlineData("0.4", "肆角整")]
    [InlineData("1.05", "壹元零伍分")]
    [InlineData("1409.50", "壹仟肆佰零玖元伍角整")]
    [InlineData("6007.14", "陆仟零柒元壹角肆分")]
    [InlineData("10005", "壹万零伍元整")]
    [InlineData("100500", "壹拾万零伍佰元整")]
    [InlineData("20000000", "贰仟万元整")]
    [InlineData("100000005", "壹亿零伍元整")]
    [InlineData("1010000000", "壹拾亿零壹仟万元整")] // a zero at the 亿 place may be written; one 零, as 壹拾万零伍佰
    [InlineData("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分")]
    [InlineData("99999999999.99", "玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")]
    [InlineData("-35.2", "负叁拾伍元贰角整")]
    [InlineData("0.005", "壹分")]
    public void Amounts_are_written_in_Chinese_capitals(string amount, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(decimal.Parse(amount, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("100", "13", false, "100", "13", "113")]
    [InlineData("99.99", "9", false, "99.99", "9.00", "108.99")] // 8.9991 → 9.00
    [InlineData("0.50", "13", false, "0.50", "0.07", "0.57")] // 0.065 → 0.07 (half-up)
    [InlineData("113", "13", true, "100", "13", "113")]
    [InlineData("100", "6", true, "94.34", "5.66", "100")] // 100 × 6 ÷ 106 = 5.6603…
    [InlineData("100", "0", false, "100", "0", "100")]
    [InlineData("100", "exempt", false, "100", "0", "100")]
    [InlineData("100", null, false, "100", "0", "100")]
    public void VAT_is_computed_per_line_and_rounded_half_up_to_the_fen(string amount, string? rate, bool includesTax, string net, string tax, string gross)
    {
        var taxed = Vat.OnLine(D(amount), rate, includesTax);

        Assert.Equal((D(net), D(tax), D(gross)), (taxed.Net, taxed.Tax, taxed.Gross));
        Assert.Equal(taxed.Gross, taxed.Net + taxed.Tax);
    }

    [Fact]
    public void Exempt_is_a_rate_of_its_own_not_zero_percent()
    {
        Assert.Equal(0m, Vat.Percent(Vat.Exempt));
        Assert.Contains("0", Vat.ChinaRates);
        Assert.Contains(Vat.Exempt, Vat.ChinaRates);
        Assert.Null(Vat.Percent("thirteen"));
        Assert.Equal(["13", "9", "6", "5", "3", "1", "0", "exempt"], new MoneyOptions().AllowedVatRates);
    }

    [Theory]
    [InlineData("CNY", true)]
    [InlineData("USD", true)]
    [InlineData("EUR", true)]
    [InlineData("HKD", true)]
    [InlineData("usd", false)]
    [InlineData("XYZ", false)]
    [InlineData("", false)]
    public void Currency_codes_are_the_known_ISO_4217_ones(string code, bool known) => Assert.Equal(known, Currencies.IsKnown(code));

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
