using System.Net;
using System.Net.Http.Json;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

/// <summary>An account's credit limit carries its currency (docs/adr/0090).</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class CurrencyTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task A_credit_limit_without_a_currency_is_in_the_company_currency_and_an_edit_keeps_the_currency()
    {
        var created = await fx.CreateAsync(new { name = $"Yuan Trading {AccountsFixture.Next()}", creditLimit = 50000m });
        var id = created.GetProperty("id").GetGuid();
        var dollars = await (await fx.Client.PutAsJsonAsync($"/api/accounts/{id}",
            new { name = created.GetProperty("name").GetString(), creditLimit = 8000m, currency = "USD", version = 1 })).ShouldHave(HttpStatusCode.OK);
        var renamed = await (await fx.Client.PutAsJsonAsync($"/api/accounts/{id}",
            new { name = "Dollar Trading", creditLimit = 8000m, version = 2 })).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("CNY", created.GetProperty("currency").GetString());
        Assert.Equal("USD", (await dollars.ReadJson()).GetProperty("currency").GetString());
        Assert.Equal("USD", (await renamed.ReadJson()).GetProperty("currency").GetString());
        var listed = await (await fx.Client.GetAsync("/api/accounts?search=Dollar%20Trading")).ShouldHave(HttpStatusCode.OK);
        Assert.Contains((await listed.ReadJson()).GetProperty("items").EnumerateArray(), a => a.GetProperty("currency").GetString() == "USD");
    }

    [Theory]
    [InlineData("RMB")]
    [InlineData("cny")]
    [InlineData("¥")]
    public async Task An_unknown_currency_is_a_field_error_and_nothing_is_stored(string currency)
    {
        var name = $"Nowhere {AccountsFixture.Next()}";
        var response = await fx.Client.PostAsJsonAsync("/api/accounts", new { name, creditLimit = 1m, currency });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("currency", (await response.ReadFieldErrors()).Keys, StringComparer.OrdinalIgnoreCase);
        var listed = await (await fx.Client.GetAsync($"/api/accounts?search={Uri.EscapeDataString(name)}")).ShouldHave(HttpStatusCode.OK);
        Assert.Empty((await listed.ReadJson()).GetProperty("items").EnumerateArray());
    }
}
