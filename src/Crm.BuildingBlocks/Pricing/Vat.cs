using Crm.BuildingBlocks.PublicApi;

namespace Crm.BuildingBlocks.Pricing;

/// <summary>
/// Value-added tax on a priced line (增值税). A rate is a code: the percent as digits ("13", "9", "6", "5", "3", "1", "0")
/// or <see cref="Exempt"/> (免税). Exempt is not 0 %: a zero-rated export is taxable at 0 % (and shows on a special VAT
/// invoice), an exempt sale is outside VAT; both add no tax (docs/adr/0093).
/// </summary>
public static class Vat
{
    public const string Exempt = "exempt";

    /// <summary>The rates of mainland China's VAT: general 13/9/6 %, zero-rated, small-scale 3 % and 1 %, the 5 % simplified method, exempt.</summary>
    public static IReadOnlyList<string> ChinaRates { get; } = ["13", "9", "6", "5", "3", "1", "0", Exempt];

    /// <summary>The percent a rate code stands for: 0 for exempt, null for a code that is no rate at all.</summary>
    public static decimal? Percent(string? code) =>
        code == Exempt ? 0m
        : code is { Length: > 0 and <= 5 } && decimal.TryParse(code, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and < 100
            ? percent
            : null;

    /// <summary>
    /// Net, tax and gross of a line amount. Entered without tax, the tax is net × rate; entered with tax, it is
    /// backed out as gross × rate ÷ (1 + rate). Either way it is rounded half-up to the fen, once per line, and
    /// net + tax = gross exactly. A line without a rate (kept from before VAT) carries no tax.
    /// </summary>
    public static LineTax OnLine(decimal amount, string? rateCode, bool amountIncludesTax)
    {
        amount = Money.Round(amount);
        var percent = Percent(rateCode) ?? 0m;
        if (amountIncludesTax)
        {
            var included = Money.Round(amount * percent / (100m + percent));
            return new LineTax(amount - included, included, amount);
        }

        var tax = Money.Round(amount * percent / 100m);
        return new LineTax(amount, tax, amount + tax);
    }
}

/// <summary>A line's amount without tax, its tax and the amount with tax: <c>Net + Tax == Gross</c>.</summary>
public sealed record LineTax(decimal Net, decimal Tax, decimal Gross);
