using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// Every amount carries its currency; documents in another currency keep the rate of their day; reports sum in the
/// company currency at each document's rate (docs/adr/0090).
/// </summary>
// Not in the PostgreSQL lane yet: a fresh PostgreSQL database has no default pipeline (as QuoteTests).
public sealed class MoneyTests(MoneyTests.Fixture fixture) : IClassFixture<MoneyTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    private DateOnly Today => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task An_opportunity_without_a_currency_is_in_the_company_currency_at_rate_one()
    {
        var opportunity = await App.CreateOpportunityAsync(await App.CreateAccountAsync(), 1234.5m, Today.AddDays(30));

        Assert.Equal("CNY", opportunity.GetProperty("currency").GetString());
        Assert.Equal(1m, opportunity.GetProperty("exchangeRate").GetDecimal());
        Assert.Equal(1234.5m, opportunity.GetProperty("companyAmount").GetDecimal());
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd")]
    [InlineData("US")]
    public async Task An_unknown_currency_code_is_a_field_error(string currency)
    {
        var response = await App.Client.PostAsJsonAsync("/api/funnel/opportunities",
            new { name = "Deal", accountId = await App.CreateAccountAsync(), amount = 10m, expectedCloseDate = Today.AddDays(30), currency });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("currency", (await response.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_foreign_currency_without_a_rate_is_refused_on_the_currency_field_and_nothing_is_written()
    {
        var account = await App.CreateAccountAsync();
        var response = await App.Client.PostAsJsonAsync("/api/funnel/opportunities",
            new { name = "Deal in sterling", accountId = account, amount = 10m, expectedCloseDate = Today.AddDays(30), currency = "GBP" });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("currency", (await response.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
        var list = await App.GetAsync($"/api/funnel/opportunities?accountId={account}");
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_document_keeps_the_rate_of_its_day_and_a_later_document_takes_the_new_rate()
    {
        await SetRateAsync("USD", Today.AddDays(-10), 6.9m);
        await SetRateAsync("USD", Today, 7.1m);
        var opportunity = await App.PostAsync("/api/funnel/opportunities",
            new { name = "Export deal", accountId = await App.CreateAccountAsync(), amount = 1000m, expectedCloseDate = Today.AddDays(30), currency = "USD" },
            HttpStatusCode.Created);
        var id = opportunity.GetProperty("id").GetGuid();

        // Finance corrects today's rate: the opportunity was priced at 7.1 and stays so; a new quote takes 7.3.
        await SetRateAsync("USD", Today, 7.3m);
        var quote = await App.PostAsync($"/api/funnel/opportunities/{id}/quotes",
            new { lines = new[] { new { description = "Licence", quantity = 2m, unitPrice = 500m } } }, HttpStatusCode.Created);
        var reread = await App.GetAsync($"/api/funnel/opportunities/{id}");

        Assert.Equal(("USD", 7.1m, 7100m), (opportunity.GetProperty("currency").GetString(), opportunity.GetProperty("exchangeRate").GetDecimal(), opportunity.GetProperty("companyAmount").GetDecimal()));
        Assert.Equal(7.1m, reread.GetProperty("exchangeRate").GetDecimal());
        Assert.Equal(("USD", 7.3m), (quote.GetProperty("currency").GetString(), quote.GetProperty("exchangeRate").GetDecimal()));
    }

    [Fact]
    public async Task Accepting_a_quote_in_another_currency_prices_the_deal_in_it_at_the_quotes_rate()
    {
        await SetRateAsync("HKD", Today, 0.92m);
        var opportunity = await App.CreateOpportunityAsync(await App.CreateAccountAsync(), 500m, Today.AddDays(30));
        var quote = await App.PostAsync($"/api/funnel/opportunities/{opportunity.GetProperty("id").GetGuid()}/quotes",
            new { currency = "HKD", lines = new[] { new { description = "Service", quantity = 1m, unitPrice = 1000m } } }, HttpStatusCode.Created);
        var quoteId = quote.GetProperty("id").GetGuid();
        await App.PostAsync($"/api/funnel/quotes/{quoteId}/submit", new { });
        await App.PostAsync($"/api/funnel/quotes/{quoteId}/accept", new { });

        var deal = await App.GetAsync($"/api/funnel/opportunities/{opportunity.GetProperty("id").GetGuid()}");

        Assert.Equal(("HKD", 1000m, 0.92m, 920m), (deal.GetProperty("currency").GetString(), deal.GetProperty("amount").GetDecimal(),
            deal.GetProperty("exchangeRate").GetDecimal(), deal.GetProperty("companyAmount").GetDecimal()));
    }

    [Fact]
    public async Task The_funnel_sums_in_the_company_currency_at_each_documents_rate()
    {
        await SetRateAsync("EUR", Today, 7.8m);
        var before = await OpenAmountAsync();

        await App.PostAsync("/api/funnel/opportunities",
            new { name = "Euro deal", accountId = await App.CreateAccountAsync(), amount = 100m, expectedCloseDate = Today.AddDays(30), currency = "EUR" },
            HttpStatusCode.Created);
        await App.CreateOpportunityAsync(await App.CreateAccountAsync(), 50m, Today.AddDays(30));

        Assert.Equal(before + 780m + 50m, await OpenAmountAsync());
    }

    [Fact]
    public async Task A_campaign_keeps_its_costs_in_its_own_currency()
    {
        var campaign = await App.PostAsync("/api/funnel/campaigns",
            new { name = "Trade show", type = "TradeShow", startsAt = DateTime.UtcNow, endsAt = DateTime.UtcNow.AddDays(2), budget = 20000m }, HttpStatusCode.Created);
        var id = campaign.GetProperty("id").GetGuid();

        var foreignCost = await App.Client.PostAsJsonAsync($"/api/funnel/campaigns/{id}/costs", new { description = "Booth", amount = 100m, currency = "USD" });
        var cost = await App.PostAsync($"/api/funnel/campaigns/{id}/costs", new { description = "Booth", amount = 8000m, currency = "CNY" });

        Assert.Equal("CNY", campaign.GetProperty("currency").GetString());
        await foreignCost.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(8000m, cost.GetProperty("actualCost").GetDecimal());
        Assert.Equal("CNY", cost.GetProperty("costs")[0].GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Exchange_rates_are_recorded_by_administrators_and_executives_and_read_by_everyone()
    {
        using var sales = App.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales);
        using var executive = App.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Executive);
        var rate = new { currency = "JPY", validFrom = Today, rate = 0.0482m };

        var bySales = await sales.PutAsJsonAsync("/api/funnel/exchange-rates", rate);
        var byExecutive = await executive.PutAsJsonAsync("/api/funnel/exchange-rates", rate);
        var read = await (await sales.GetAsync("/api/funnel/exchange-rates?currency=JPY")).ShouldHave(HttpStatusCode.OK);

        await bySales.ShouldHave(HttpStatusCode.Forbidden);
        await byExecutive.ShouldHave(HttpStatusCode.OK);
        var rates = (await read.ReadJson());
        Assert.Equal("CNY", rates.GetProperty("companyCurrency").GetString());
        Assert.Equal(0.0482m, rates.GetProperty("rates").EnumerateArray().Single().GetProperty("rate").GetDecimal());
    }

    [Theory]
    [InlineData("CNY", "0.5")]
    [InlineData("ABC", "1")]
    [InlineData("USD", "0")]
    [InlineData("USD", "1.00001")]
    public async Task A_bad_exchange_rate_is_a_field_error(string currency, string rate)
    {
        var response = await App.Client.PutAsJsonAsync("/api/funnel/exchange-rates", new { currency, validFrom = Today, rate = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.NotEmpty(await response.ReadFieldErrors());
    }

    private async Task SetRateAsync(string currency, DateOnly validFrom, decimal rate) =>
        await (await App.Client.PutAsJsonAsync("/api/funnel/exchange-rates", new { currency, validFrom, rate })).ShouldHave(HttpStatusCode.OK);

    private async Task<decimal> OpenAmountAsync() => (await App.GetAsync("/api/funnel/analytics/funnel")).GetProperty("openAmount").GetDecimal();
}

/// <summary>An installation whose company currency is not CNY.</summary>
public sealed class CompanyCurrencyTests : IDisposable
{
    private readonly FunnelApp _app = new(new Dictionary<string, string?> { ["Money:CompanyCurrency"] = "USD" });

    [Fact]
    public async Task A_new_opportunity_and_campaign_default_to_the_configured_company_currency()
    {
        var opportunity = await _app.CreateOpportunityAsync(await _app.CreateAccountAsync(), 10m, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10));
        var account = await _app.GetAsync($"/api/accounts/{opportunity.GetProperty("accountId").GetGuid()}");

        Assert.Equal("USD", opportunity.GetProperty("currency").GetString());
        Assert.Equal("USD", account.GetProperty("currency").GetString());
    }

    public void Dispose() => _app.Dispose();
}
