using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// Opportunity and quote lines pick catalogue products while the Products module is on, stay free text without it, and
/// show their margin only to those who may see costs (ADR 0112).
/// </summary>
// Not in the PostgreSQL lane yet: a fresh PostgreSQL database has no default pipeline (as QuoteTests).
public sealed class CatalogueLineTests(CatalogueLineTests.Fixture fixture) : IClassFixture<CatalogueLineTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp WithCatalogue { get; } = new(moreModules: ["Products"]);

        public FunnelApp WithoutCatalogue { get; } = new();

        public void Dispose()
        {
            WithCatalogue.Dispose();
            WithoutCatalogue.Dispose();
        }
    }

    private FunnelApp App => fixture.WithCatalogue;

    private async Task<string> CreateProductAsync(bool active = true)
    {
        var code = $"CK-{FunnelApp.Next()}";
        await (await App.Client.PostAsJsonAsync("/api/products", new
        {
            code, name = "数控车床 CK6140", unit = "台", taxRate = "9", standardCost = 82000m, isActive = active,
            prices = new[] { new { currency = "CNY", amount = 128000m }, new { currency = "USD", amount = 18500m } },
        })).ShouldHave(HttpStatusCode.Created);
        return code;
    }

    private async Task<Guid> OpportunityAsync(FunnelApp app) =>
        (await app.CreateOpportunityAsync(await app.CreateAccountAsync(), 0m, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30))).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_quote_line_naming_a_product_takes_its_name_price_unit_and_tax_rate_and_a_free_text_line_stays_as_typed()
    {
        var code = await CreateProductAsync();
        var opportunity = await OpportunityAsync(App);

        var quote = await App.PostAsync($"/api/funnel/opportunities/{opportunity}/quotes", new
        {
            lines = new object[]
            {
                new { productCode = code.ToLowerInvariant(), quantity = 2m },
                new { productCode = code, quantity = 1m, unitPrice = 120000m, description = "CK6140 展会样机", taxRate = "13" },
                new { description = "运费", quantity = 1m, unitPrice = 500m },
            },
        }, HttpStatusCode.Created);

        var lines = quote.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal((code, "数控车床 CK6140", 128000m, "台", "9", 23040m),
            (lines[0].GetProperty("productCode").GetString(), lines[0].GetProperty("description").GetString(), lines[0].GetProperty("unitPrice").GetDecimal(),
                lines[0].GetProperty("unit").GetString(), lines[0].GetProperty("taxRate").GetString(), lines[0].GetProperty("taxAmount").GetDecimal()));
        Assert.Equal(("CK6140 展会样机", 120000m, "13", "台"),
            (lines[1].GetProperty("description").GetString(), lines[1].GetProperty("unitPrice").GetDecimal(), lines[1].GetProperty("taxRate").GetString(), lines[1].GetProperty("unit").GetString()));
        Assert.Equal((JsonValueKind.Null, "运费", "13"),
            (lines[2].GetProperty("productCode").ValueKind, lines[2].GetProperty("description").GetString(), lines[2].GetProperty("taxRate").GetString()));
        // The cost never travels with the lines, whoever reads them.
        Assert.DoesNotContain("82000", quote.GetRawText());
        Assert.DoesNotContain("unitCost", quote.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Managers_see_the_margin_of_each_line_and_salespeople_do_not()
    {
        var code = await CreateProductAsync();
        var opportunity = await OpportunityAsync(App);
        await App.PostAsync($"/api/funnel/opportunities/{opportunity}/quotes", new
        {
            lines = new object[] { new { productCode = code, quantity = 2m }, new { description = "运费", quantity = 1m, unitPrice = 500m } },
        }, HttpStatusCode.Created);
        var quoteId = (await App.GetAsync($"/api/funnel/opportunities/{opportunity}/quotes"))[0].GetProperty("id").GetGuid();
        using var executive = App.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Executive);
        using var sales = App.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales);

        var margins = await (await (await executive.GetAsync($"/api/funnel/quotes/{quoteId}/margins")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var lines = margins.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal((256000m, 164000m, 92000m, 35.94m),
            (lines[0].GetProperty("netAmount").GetDecimal(), lines[0].GetProperty("cost").GetDecimal(), lines[0].GetProperty("margin").GetDecimal(),
                lines[0].GetProperty("marginPercent").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("margin").ValueKind);
        Assert.Equal((92000m, 1, "CNY"),
            (margins.GetProperty("margin").GetDecimal(), margins.GetProperty("linesWithoutCost").GetInt32(), margins.GetProperty("currency").GetString()));

        await (await sales.GetAsync($"/api/funnel/quotes/{quoteId}/margins")).ShouldHave(HttpStatusCode.Forbidden);
        await (await sales.GetAsync($"/api/funnel/opportunities/{opportunity}/margins")).ShouldHave(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Opportunity_lines_pick_products_too_and_a_foreign_currency_takes_its_own_list_price_and_a_converted_cost()
    {
        var code = await CreateProductAsync();
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        await (await App.Client.PutAsJsonAsync("/api/funnel/exchange-rates", new { currency = "USD", validFrom = today, rate = 8m })).ShouldHave(HttpStatusCode.OK);
        var usd = await App.PostAsync("/api/funnel/opportunities", new
        {
            name = $"Export deal {FunnelApp.Next()}", accountId = await App.CreateAccountAsync(), expectedCloseDate = today.AddDays(30), currency = "USD",
            lines = new[] { new { productCode = code, quantity = 1m } },
        }, HttpStatusCode.Created);

        var line = usd.GetProperty("lines")[0];
        Assert.Equal((18500m, "台"), (line.GetProperty("unitPrice").GetDecimal(), line.GetProperty("unit").GetString()));
        var margins = await App.GetAsync($"/api/funnel/opportunities/{usd.GetProperty("id").GetGuid()}/margins");
        // 82,000 CNY at 8 CNY per USD is a cost of 10,250 USD.
        Assert.Equal((10250m, 8250m, "USD"),
            (margins.GetProperty("lines")[0].GetProperty("cost").GetDecimal(), margins.GetProperty("margin").GetDecimal(), margins.GetProperty("currency").GetString()));

        var opportunity = await OpportunityAsync(App);
        var version = (await App.GetAsync($"/api/funnel/opportunities/{opportunity}")).GetProperty("version").GetInt64();
        var changed = await (await (await App.Client.PutAsJsonAsync($"/api/funnel/opportunities/{opportunity}/lines",
            new { version, lines = new[] { new { productCode = code, quantity = 3m } } })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal((384000m, "数控车床 CK6140"), (changed.GetProperty("amount").GetDecimal(), changed.GetProperty("lines")[0].GetProperty("description").GetString()));
    }

    [Fact]
    public async Task An_unknown_or_discontinued_product_without_a_description_is_a_field_error_and_nothing_is_written()
    {
        var discontinued = await CreateProductAsync(active: false);
        var opportunity = await OpportunityAsync(App);

        var unknown = await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{opportunity}/quotes", new { lines = new[] { new { productCode = "NO-SUCH", quantity = 1m } } });
        var stopped = await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{opportunity}/quotes", new { lines = new[] { new { productCode = discontinued, quantity = 1m } } });

        await unknown.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("lines[0].productCode", (await unknown.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
        await stopped.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("lines[0].productCode", (await stopped.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(0, (await App.GetAsync($"/api/funnel/opportunities/{opportunity}/quotes")).GetArrayLength());
    }

    [Fact]
    public async Task With_Products_off_lines_are_free_text_as_before_and_a_bare_code_asks_for_a_description()
    {
        var app = fixture.WithoutCatalogue;
        var opportunity = await OpportunityAsync(app);

        var typed = await app.PostAsync($"/api/funnel/opportunities/{opportunity}/quotes",
            new { lines = new[] { new { productCode = "CK-1", description = "数控车床", quantity = 1m, unitPrice = 100m, unit = "台" } } }, HttpStatusCode.Created);
        var bare = await app.Client.PostAsJsonAsync($"/api/funnel/opportunities/{opportunity}/quotes", new { lines = new[] { new { productCode = "CK-1", quantity = 1m } } });

        Assert.Equal(("CK-1", 100m, "台"), (typed.GetProperty("lines")[0].GetProperty("productCode").GetString(), typed.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal(),
            typed.GetProperty("lines")[0].GetProperty("unit").GetString()));
        await bare.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("lines[0].description", (await bare.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
        var margins = await app.GetAsync($"/api/funnel/quotes/{typed.GetProperty("id").GetGuid()}/margins");
        Assert.Equal(1, margins.GetProperty("linesWithoutCost").GetInt32());
    }
}
