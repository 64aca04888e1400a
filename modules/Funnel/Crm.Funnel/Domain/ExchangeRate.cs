using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.Domain;

/// <summary>
/// A rate finance recorded: from <see cref="ValidFrom"/> on, one unit of <see cref="Currency"/> is worth
/// <see cref="Rate"/> units of the company currency. A document priced in that currency takes the latest rate valid on
/// the day and keeps it (docs/adr/0090).
/// </summary>
internal sealed class ExchangeRate
{
    /// <summary>Rates keep four decimals, as every decimal the stores hold (docs/adr/0005).</summary>
    public const int Decimals = 4;

    private ExchangeRate()
    {
    }

    public Guid Id { get; private set; }

    public string Currency { get; private set; } = "";

    public DateOnly ValidFrom { get; private set; }

    public decimal Rate { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedAtUtc { get; private set; }

    public static ExchangeRate Create(string currency, DateOnly validFrom, decimal rate, string by, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        Currency = currency,
        ValidFrom = validFrom,
        Rate = decimal.Round(rate, Decimals, MidpointRounding.AwayFromZero),
        RecordedBy = by,
        RecordedAtUtc = nowUtc,
    };

    /// <summary>A correction of the rate recorded for the same day.</summary>
    public void Correct(decimal rate, string by, DateTime nowUtc)
    {
        Rate = decimal.Round(rate, Decimals, MidpointRounding.AwayFromZero);
        RecordedBy = by;
        RecordedAtUtc = nowUtc;
    }

    public Money Convert(decimal amount) => new(Money.Round(amount * Rate), Currency);
}
