using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// A lead's source and an opportunity's lost reason are codes of the editable dictionaries (ADR 0125), the same
/// source list accounts use: round trip, refusal of unknown and retired codes with a field error, the list filter, and
/// a conversion that hands the lead's source (even a retired one) and a recognisable industry to the new account.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class DictionaryFieldsTests(DictionaryFieldsTests.Fixture fixture) : IClassFixture<DictionaryFieldsTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task A_lead_source_round_trips_as_its_code_filters_the_list_and_refuses_unknown_codes()
    {
        var owner = Guid.NewGuid();
        var id = await App.CreateLeadAsync(Lead(owner, source: "referral"));
        Assert.Equal("Referral", (await App.LeadAsync(id)).GetProperty("source").GetString());

        var listed = await App.GetAsync($"/api/funnel/leads?source=REFERRAL&ownerId={owner}");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetGuid() == id);

        var refused = await (await App.Client.PostAsJsonAsync("/api/funnel/leads", Lead(owner, source: "Pigeon"))).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("source", (await refused.ReadFieldErrors()).Keys);
        var badFilter = await (await App.Client.GetAsync("/api/funnel/leads?source=Pigeon")).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("source", (await badFilter.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Conversion_keeps_the_lead_source_even_when_retired_and_maps_an_industry_named_by_its_label()
    {
        var owner = Guid.NewGuid();
        var code = $"expo-{FunnelApp.Next()}";
        await (await App.Client.PostAsJsonAsync("/api/dictionaries/source-channel/entries", new { code, labelEnglish = "Expo " + code, labelChinese = "展会" })).ShouldHave(HttpStatusCode.Created);
        var leadId = await App.CreateLeadAsync(Lead(owner, source: code, industry: "制造业", company: $"Expo {code} Co"));
        await (await App.Client.PostAsync($"/api/dictionaries/source-channel/entries/{code}/retire", null)).ShouldHave(HttpStatusCode.OK);

        // Retired now: no new lead may take it…
        using var sales = App.App.CreateClientAs(owner, CrmRoles.Sales);
        var refused = await (await sales.PostAsJsonAsync("/api/funnel/leads", Lead(owner, source: code))).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("source", (await refused.ReadFieldErrors()).Keys);

        // …but the lead that holds it converts, and the account keeps where the customer came from.
        var result = await App.PostAsync($"/api/funnel/leads/{leadId}/convert", new { amount = 1000m });
        var account = await App.GetAsync($"/api/accounts/{result.GetProperty("accountId").GetGuid()}");
        Assert.Equal(code, account.GetProperty("source").GetString());
        Assert.Equal("manufacturing", account.GetProperty("industry").GetString());
    }

    [Fact]
    public async Task A_lost_reason_is_a_code_of_the_lost_reason_dictionary()
    {
        var account = await App.CreateAccountAsync();
        var lost = await App.StageIdAsync("Lost");
        var first = (await App.CreateOpportunityAsync(account, 5000m, new DateOnly(2027, 2, 28))).GetProperty("id").GetGuid();

        var unknown = await (await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{first}/stage",
            new { stageId = lost, lostReasonCategory = "Astrology", lostReason = "Bad stars" })).ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("lostReasonCategory", (await unknown.ReadFieldErrors()).Keys);
        Assert.Equal("Open", (await App.GetAsync($"/api/funnel/opportunities/{first}")).GetProperty("status").GetString());

        var closed = await App.PostAsync($"/api/funnel/opportunities/{first}/stage", new { stageId = lost, lostReasonCategory = "nobudget", lostReason = "Frozen" });
        Assert.Equal("NoBudget", closed.GetProperty("lostReasonCategory").GetString());

        // Without a category the loss is filed under the shipped "Other".
        var second = (await App.CreateOpportunityAsync(account, 100m, new DateOnly(2027, 2, 28))).GetProperty("id").GetGuid();
        var other = await App.PostAsync($"/api/funnel/opportunities/{second}/stage", new { stageId = lost, lostReason = "Went quiet" });
        Assert.Equal("Other", other.GetProperty("lostReasonCategory").GetString());
    }

    private static object Lead(Guid owner, string? source = null, string? industry = null, string? company = null)
    {
        var n = FunnelApp.Next();
        return new { name = $"Lead {n}", company = company ?? $"Lead {n} Co", email = $"lead{n}@dict.test", industry, source, ownerId = owner };
    }
}
