using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>VAT on quote lines: per line, half-up to the fen, exact totals; tax-inclusive entry per installation (docs/adr/0093).</summary>
// Not in the PostgreSQL lane yet: a fresh PostgreSQL database has no default pipeline (as QuoteTests).
public sealed class VatTests(VatTests.Fixture fixture) : IClassFixture<VatTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public FunnelApp TaxIncluded { get; } = new(new Dictionary<string, string?> { ["Money:PricesIncludeTax"] = "true" });

        public void Dispose()
        {
            App.Dispose();
            TaxIncluded.Dispose();
        }
    }

    [Fact]
    public async Task A_quote_with_mixed_rates_has_exact_net_tax_and_gross_totals()
    {
        var quote = await CreateQuoteAsync(fixture.App,
            Line("Licence", 3m, 33.33m, "13"),             // 99.99 net, 12.9987 → 13.00 tax
            Line("Implementation", 1m, 1000m, "6", 10m),   // 900.00 net, 54.00 tax
            Line("Cable", 7m, 0.15m, "9"),                 // 1.05 net, 0.0945 → 0.09 tax
            Line("Training (exempt)", 2m, 50m, "exempt"),  // 100.00 net, no tax
            Line("Postage", 1m, 0.5m, "5"));               // 0.50 net, 0.025 → 0.03 (half-up, not to even)

        var lines = quote.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([13.00m, 54.00m, 0.09m, 0m, 0.03m], lines.Select(l => l.GetProperty("taxAmount").GetDecimal()));
        Assert.Equal(["13", "6", "9", "exempt", "5"], lines.Select(l => l.GetProperty("taxRate").GetString()));
        Assert.Equal((1101.54m, 67.12m, 1168.66m),
            (quote.GetProperty("total").GetDecimal(), quote.GetProperty("taxTotal").GetDecimal(), quote.GetProperty("grossTotal").GetDecimal()));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("grossAmount").GetDecimal(), l.GetProperty("netAmount").GetDecimal() + l.GetProperty("taxAmount").GetDecimal()));
    }

    [Fact]
    public async Task A_line_without_a_rate_gets_the_default_rate_of_13_percent()
    {
        var quote = await CreateQuoteAsync(fixture.App, new { description = "Licence", quantity = 1m, unitPrice = 100m });

        var line = quote.GetProperty("lines")[0];
        Assert.Equal(("13", 13m, 113m), (line.GetProperty("taxRate").GetString(), line.GetProperty("taxAmount").GetDecimal(), quote.GetProperty("grossTotal").GetDecimal()));
    }

    [Fact]
    public async Task The_header_discount_is_taxed_per_line_after_the_discount()
    {
        var quote = await CreateQuoteAsync(fixture.App, headerDiscount: 10m, Line("A", 1m, 100m, "13"), Line("B", 1m, 200m, "6"));

        // 90 net + 11.70 tax; 180 net + 10.80 tax.
        Assert.Equal((270m, 22.5m, 292.5m),
            (quote.GetProperty("total").GetDecimal(), quote.GetProperty("taxTotal").GetDecimal(), quote.GetProperty("grossTotal").GetDecimal()));
    }

    [Fact]
    public async Task Prices_entered_with_tax_are_backed_out_per_line()
    {
        var quote = await CreateQuoteAsync(fixture.TaxIncluded, Line("Licence", 1m, 113m, "13"), Line("Service", 1m, 100m, "6"));

        var lines = quote.GetProperty("lines").EnumerateArray().ToList();
        Assert.All(lines, l => Assert.True(l.GetProperty("priceIncludesTax").GetBoolean()));
        Assert.Equal([100m, 94.34m], lines.Select(l => l.GetProperty("netAmount").GetDecimal()));
        Assert.Equal((194.34m, 18.66m, 213m),
            (quote.GetProperty("total").GetDecimal(), quote.GetProperty("taxTotal").GetDecimal(), quote.GetProperty("grossTotal").GetDecimal()));
        Assert.Equal(0m, quote.GetProperty("discountPercent").GetDecimal());
    }

    [Fact]
    public async Task The_printed_quote_shows_net_tax_gross_and_the_total_in_Chinese_capitals()
    {
        var quote = await CreateQuoteAsync(fixture.App, Line("Licence", 1m, 100m, "13"), Line("Training", 1m, 23.45m, "exempt"));

        var response = await (await fixture.App.Client.GetAsync($"/api/funnel/quotes/{quote.GetProperty("id").GetGuid()}/print?culture=zh-CN"))
            .ShouldHave(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("&#165;123.45", html); // the HTML encoder writes ¥ (U+00A5) as a character reference
        Assert.Contains("&#165;13.00", html);
        Assert.Contains("&#165;136.45", html);
        Assert.Contains("人民币壹佰叁拾陆元肆角伍分", html);
        Assert.Contains("免税", html);
        Assert.Contains("价税合计", html);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("13%")]
    [InlineData("free")]
    public async Task A_rate_that_is_not_in_the_installations_list_is_a_field_error(string rate)
    {
        var opportunity = await fixture.App.CreateOpportunityAsync(await fixture.App.CreateAccountAsync(), 0m, Today(fixture.App).AddDays(30));
        var response = await fixture.App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{opportunity.GetProperty("id").GetGuid()}/quotes",
            new { lines = new[] { Line("Licence", 1m, 100m, rate) } });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("lines[0].taxRate", (await response.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
    }

    private static object Line(string description, decimal quantity, decimal unitPrice, string taxRate, decimal discountPercent = 0m) =>
        new { description, quantity, unitPrice, discountPercent, taxRate };

    private static DateOnly Today(FunnelApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private static Task<JsonElement> CreateQuoteAsync(FunnelApp app, params object[] lines) => CreateQuoteAsync(app, 0m, lines);

    private static async Task<JsonElement> CreateQuoteAsync(FunnelApp app, decimal headerDiscount, params object[] lines)
    {
        var opportunity = await app.CreateOpportunityAsync(await app.CreateAccountAsync(), 0m, Today(app).AddDays(30));
        return await app.PostAsync($"/api/funnel/opportunities/{opportunity.GetProperty("id").GetGuid()}/quotes",
            new { headerDiscountPercent = headerDiscount, lines }, HttpStatusCode.Created);
    }
}
