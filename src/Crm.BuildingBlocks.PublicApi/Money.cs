namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// An amount with its ISO 4217 currency code. Arithmetic is exact <see cref="decimal"/> arithmetic; amounts of
/// different currencies are never added or compared, because there is no rate to do it with yet (docs/adr/0067).
/// Storage: scaled integer on SQLite, <c>decimal(19,4)</c> elsewhere (ADR 0005), the currency beside it.
/// </summary>
public readonly record struct Money
{
    /// <summary>Decimal places an amount keeps as the API and the pages show it.</summary>
    public const int Decimals = 2;

    public Money(decimal amount, string currency)
    {
        if (!IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code (three capital letters).", nameof(currency));
        }

        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public string Currency { get; }

    public static Money Zero(string currency) => new(0m, currency);

    /// <summary>Rounds an amount the way the API keeps it: two decimals, half away from zero.</summary>
    public static decimal Round(decimal amount) => decimal.Round(amount, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>Three capital ASCII letters, as ISO 4217 writes every code.</summary>
    public static bool IsCurrencyCode(string? code) =>
        code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);

    public Money Rounded() => new(Round(Amount), Currency);

    public Money Times(decimal factor) => new(Amount * factor, Currency);

    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));

    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));

    public override string ToString() => $"{Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} {Currency}";

    private static string SameCurrency(Money left, Money right) =>
        string.Equals(left.Currency, right.Currency, StringComparison.Ordinal)
            ? left.Currency
            : throw new InvalidOperationException($"Cannot combine {left.Currency} and {right.Currency} without an exchange rate.");
}
