using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.ExchangeRates;

internal sealed record ListExchangeRatesQuery(string? Currency) : IRequest<ExchangeRatesResponse>;

/// <summary>The company currency and the recorded rates, newest first per currency.</summary>
internal sealed record ExchangeRatesResponse(string CompanyCurrency, IReadOnlyList<ExchangeRateResponse> Rates);

internal sealed class ListExchangeRatesHandler(FunnelDbContext db, IOptions<MoneyOptions> money) : IRequestHandler<ListExchangeRatesQuery, ExchangeRatesResponse>
{
    // A rate a day for a handful of currencies: a few thousand rows after years, so no paging.
    private const int MaxRates = 5000;

    public async Task<ExchangeRatesResponse> Handle(ListExchangeRatesQuery query, CancellationToken cancellationToken)
    {
        var company = money.Value.CompanyCurrency;
        var rates = db.ExchangeRates.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Currency))
        {
            var currency = query.Currency.Trim().ToUpperInvariant();
            rates = rates.Where(r => r.Currency == currency);
        }

        var rows = await rates.OrderBy(r => r.Currency).ThenByDescending(r => r.ValidFrom).Take(MaxRates).ToListAsync(cancellationToken);
        return new ExchangeRatesResponse(company, rows.Select(r => ExchangeRateResponse.From(r, company)).ToList());
    }
}

internal static class ListExchangeRatesEndpoint
{
    internal static void MapListExchangeRates(this IEndpointRouteBuilder app)
    {
        app.MapGet("/exchange-rates", async (string? currency, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListExchangeRatesQuery(currency), ct)))
            .WithName("ListExchangeRates")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The company currency and the exchange rates to it, newest first per currency")
            .Produces<ExchangeRatesResponse>(StatusCodes.Status200OK);
    }
}
