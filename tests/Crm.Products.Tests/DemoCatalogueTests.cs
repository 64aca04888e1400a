using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Identifiers;
using Crm.TestKit;

namespace Crm.Products.Tests;

/// <summary>
/// The demo a Chinese company recognises (issue 16.6, ADR 0113): Chinese companies, addresses and valid mainland
/// numbers, a product catalogue in four categories, and demo opportunity lines picked from it; English by a setting.
/// </summary>
public sealed class DemoCatalogueTests
{
    private static CrmApp Demo(string? culture = null) => new(enabledModules: ["Accounts", "Products", "Funnel"], settings: new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Demo:Culture"] = culture,
    });

    private static async Task<JsonElement> GetAsync(HttpClient client, string url) => await (await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson();

    [Fact]
    public async Task The_default_demo_is_Chinese_with_valid_numbers_and_a_catalogue_that_the_demo_lines_use()
    {
        using var app = Demo();
        using var client = app.CreateClient();

        var products = (await GetAsync(client, "/api/products?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        var categories = (await GetAsync(client, "/api/products/categories")).EnumerateArray().ToList();
        Assert.InRange(products.Count, 20, 40);
        Assert.Equal(["备件耗材", "服务", "机床", "自动化"], categories.Where(c => c.GetProperty("depth").GetInt32() == 0).Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(products, p => p.GetProperty("name").GetString() == "数控车床 CK6140" && p.GetProperty("unit").GetString() == "台");
        Assert.All(products, p => Assert.NotNull(p.GetProperty("categoryId").GetString()));

        var accounts = (await GetAsync(client, "/api/accounts?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        var companies = accounts.Where(a => a.GetProperty("name").GetString()!.EndsWith("有限公司", StringComparison.Ordinal)).ToList();
        Assert.True(companies.Count > 150, $"Only {companies.Count} of {accounts.Count} demo accounts are named as Chinese companies.");
        Assert.Equal(companies.Count, companies.Select(a => a.GetProperty("name").GetString()).Distinct().Count());
        Assert.All(accounts, a => Assert.True(MainlandPhone.IsValid(a.GetProperty("phone").GetString()!), $"{a.GetProperty("phone").GetString()} is not a valid mainland number."));
        var account = await GetAsync(client, $"/api/accounts/{companies[0].GetProperty("id").GetGuid()}");
        Assert.Matches("^(.+省)?.+市.+(区|市)", account.GetProperty("address").GetString());
        Assert.Matches("^0[1-9][0-9]{1,2}-", account.GetProperty("phone").GetString());

        var opportunity = (await GetAsync(client, "/api/funnel/opportunities?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var codes = products.Select(p => p.GetProperty("code").GetString()).ToHashSet();
        var lines = (await GetAsync(client, $"/api/funnel/opportunities/{opportunity}")).GetProperty("lines").EnumerateArray().ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(l.GetProperty("productCode").GetString(), codes));
        var margins = await GetAsync(client, $"/api/funnel/opportunities/{opportunity}/margins");
        Assert.Equal(0, margins.GetProperty("linesWithoutCost").GetInt32());
        Assert.True(margins.GetProperty("margin").GetDecimal() > 0);
    }

    [Fact]
    public async Task Demo_culture_en_seeds_the_English_demo()
    {
        using var app = Demo("en");
        using var client = app.CreateClient();

        var products = (await GetAsync(client, "/api/products?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        var accounts = (await GetAsync(client, "/api/accounts?pageSize=200")).GetProperty("items").EnumerateArray().ToList();

        Assert.Contains(products, p => p.GetProperty("name").GetString() == "CNC lathe CK6140" && p.GetProperty("unit").GetString() == "unit");
        Assert.DoesNotContain(accounts, a => a.GetProperty("name").GetString()!.EndsWith("有限公司", StringComparison.Ordinal));
    }
}
