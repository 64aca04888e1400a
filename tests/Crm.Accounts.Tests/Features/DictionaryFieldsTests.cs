using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// Source, industry and customer level are codes of the editable dictionaries (ADR 0125): they round-trip as the
/// dictionary spells them, filter the list and the export, unknown or retired codes are refused for new values with a
/// field error, and a value an account already holds (a retired entry, industry text from before the dictionary) stays.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class DictionaryFieldsTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Source_industry_and_customer_level_round_trip_as_codes_and_filter_list_and_export()
    {
        var owner = Guid.NewGuid();
        var body = Account(owner, source: "referral", industry: "manufacturing", customerLevel: "key");
        var created = await fx.CreateAsync(body);
        Assert.Equal("Referral", created.GetProperty("source").GetString());
        Assert.Equal("manufacturing", created.GetProperty("industry").GetString());
        Assert.Equal("key", created.GetProperty("customerLevel").GetString());
        await fx.CreateAsync(Account(owner, source: "Website", industry: "finance", customerLevel: "regular"));

        var read = await (await fx.Client.GetAsync($"/api/accounts/{created.GetProperty("id").GetGuid()}")).ReadJson();
        Assert.Equal("key", read.GetProperty("customerLevel").GetString());

        Assert.Equal([created.GetProperty("name").GetString()], await NamesAsync($"ownerId={owner}&customerLevel=key"));
        Assert.Equal([created.GetProperty("name").GetString()], await NamesAsync($"ownerId={owner}&industry=manufacturing"));
        Assert.Equal([created.GetProperty("name").GetString()], await NamesAsync($"ownerId={owner}&source=REFERRAL"));

        var csv = await (await (await fx.Client.GetAsync($"/api/accounts/export?ownerId={owner}&customerLevel=key")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("customerLevel", csv.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains(",manufacturing,key,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",finance,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codes_outside_their_dictionaries_are_field_errors_and_nothing_is_saved()
    {
        var owner = Guid.NewGuid();
        var response = await fx.Client.PostAsJsonAsync("/api/accounts", Account(owner, source: "Pigeon", industry: "Basket weaving", customerLevel: "emperor"));
        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Contains("source", errors.Keys);
        Assert.Contains("industry", errors.Keys);
        Assert.Contains("customerLevel", errors.Keys);
        Assert.Empty(await NamesAsync($"ownerId={owner}"));
    }

    [Fact]
    public async Task A_retired_entry_is_refused_for_new_accounts_but_kept_and_shown_on_old_ones()
    {
        var owner = Guid.NewGuid();
        var level = $"gold-{AccountsFixture.Next()}";
        await (await fx.Client.PostAsJsonAsync("/api/dictionaries/customer-level/entries", new { code = level, labelEnglish = "Gold " + level, labelChinese = "金牌" })).ShouldHave(HttpStatusCode.Created);
        var old = await fx.CreateAsync(Account(owner, customerLevel: level));
        var id = old.GetProperty("id").GetGuid();

        await (await fx.Client.PostAsync($"/api/dictionaries/customer-level/entries/{level}/retire", null)).ShouldHave(HttpStatusCode.OK);

        // A salesperson cannot pick it for a new account…
        using var sales = fx.App.CreateClientAs(owner, CrmRoles.Sales);
        var refused = await (await sales.PostAsJsonAsync("/api/accounts", Account(owner, customerLevel: level))).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("customerLevel", (await refused.ReadFieldErrors()).Keys);

        // …but the old account keeps it, is still found by it, and can be edited without touching it.
        Assert.Equal(level, (await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson()).GetProperty("customerLevel").GetString());
        Assert.Equal([old.GetProperty("name").GetString()], await NamesAsync($"ownerId={owner}&customerLevel={level}"));
        var renamed = await PutAsync(sales, id, Account(owner, name: "Renamed " + level, customerLevel: level), old.GetProperty("version").GetInt64());
        await renamed.ShouldHave(HttpStatusCode.OK);

        // Changing it to another retired entry is a change, so it is refused.
        var other = $"tin-{AccountsFixture.Next()}";
        await (await fx.Client.PostAsJsonAsync("/api/dictionaries/customer-level/entries", new { code = other, labelEnglish = "Tin " + other, labelChinese = "锡牌" })).ShouldHave(HttpStatusCode.Created);
        await (await fx.Client.PostAsync($"/api/dictionaries/customer-level/entries/{other}/retire", null)).ShouldHave(HttpStatusCode.OK);
        var changed = await PutAsync(sales, id, Account(owner, customerLevel: other), (await renamed.ReadJson()).GetProperty("version").GetInt64());
        await changed.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("customerLevel", (await changed.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Industry_text_from_before_the_dictionary_stays_until_someone_picks_an_entry()
    {
        var owner = Guid.NewGuid();
        var created = await fx.CreateAsync(Account(owner));
        var id = created.GetProperty("id").GetGuid();
        using (var scope = fx.App.Services.CreateScope())
        {
            // What an upgraded installation holds: whatever people typed into the former free-text field.
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Industry, "Basket weaving"));
        }

        var kept = await PutAsync(fx.Client, id, Account(owner, name: "Still weaving", industry: "Basket weaving"), created.GetProperty("version").GetInt64());
        var keptJson = await (await kept.ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal("Basket weaving", keptJson.GetProperty("industry").GetString());

        var typedAgain = await PutAsync(fx.Client, id, Account(owner, industry: "Pottery"), keptJson.GetProperty("version").GetInt64());
        await typedAgain.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("industry", (await typedAgain.ReadFieldErrors()).Keys);
    }

    private static object Account(Guid owner, string? name = null, string? source = null, string? industry = null, string? customerLevel = null)
    {
        var n = AccountsFixture.Next();
        return new
        {
            name = name ?? $"Dictionary Co {n}",
            kind = "Company",
            type = "Customer",
            source = source ?? "Website",
            industry,
            customerLevel,
            email = $"dict{n}@example.test",
            ownerId = owner,
        };
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object body, long version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/accounts/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.ParseAdd($"\"{version}\"");
        return client.SendAsync(request);
    }

    private async Task<List<string?>> NamesAsync(string query)
    {
        var page = await (await (await fx.Client.GetAsync("/api/accounts?" + query)).ShouldHave(HttpStatusCode.OK)).ReadJson();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
    }
}
