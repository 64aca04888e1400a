using Crm.BuildingBlocks.Application;
using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.ExchangeRates;

/// <summary>The rate a document takes when it is priced in a currency: 1 for the company currency, else the latest recorded rate.</summary>
internal static class DocumentCurrencies
{
    public static async Task<DocumentCurrency> CaptureAsync(FunnelDbContext db, string currency, string companyCurrency, DateOnly today, CancellationToken cancellationToken)
    {
        if (string.Equals(currency, companyCurrency, StringComparison.Ordinal))
        {
            return new DocumentCurrency(currency, 1m);
        }

        var rate = await db.ExchangeRates.AsNoTracking()
            .Where(r => r.Currency == currency && r.ValidFrom <= today)
            .OrderByDescending(r => r.ValidFrom)
            .Select(r => (decimal?)r.Rate)
            .FirstOrDefaultAsync(cancellationToken);
        return rate is { } value
            ? new DocumentCurrency(currency, value)
            : throw new BusinessRuleException(
                $"There is no exchange rate from {currency} to {companyCurrency} yet; finance records one under Exchange rates first.", "currency");
    }
}

internal sealed record ExchangeRateResponse(Guid Id, string Currency, string CompanyCurrency, DateOnly ValidFrom, decimal Rate, string RecordedBy, DateTime RecordedAt)
{
    public static ExchangeRateResponse From(ExchangeRate r, string companyCurrency) =>
        new(r.Id, r.Currency, companyCurrency, r.ValidFrom, r.Rate, r.RecordedBy, r.RecordedAtUtc);
}
