using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// What Funnel shows on the customer page (its record tabs): the leads converted into an account and the account's
/// quotes, each through the list API's account filter and within what the caller may see.
/// </summary>
// Not in the PostgreSQL lane yet: a fresh PostgreSQL database has no default pipeline ("No pipeline is configured yet").
public sealed class CustomerPageTests(CustomerPageTests.Fixture fixture) : IClassFixture<CustomerPageTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task The_leads_tab_lists_the_leads_converted_into_the_account_and_only_those_the_caller_may_see()
    {
        var account = await App.CreateAccountAsync();
        var other = await App.CreateAccountAsync();
        var mine = await ConvertAsync(FunnelApp.NewLead(name: "Mine", ownerId: Staff.User1), account);
        var colleagues = await ConvertAsync(FunnelApp.NewLead(name: "Colleague's", ownerId: Staff.User2), account);
        await ConvertAsync(FunnelApp.NewLead(ownerId: Staff.User1), other);
        await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User1));
        using var user1 = App.App.CreateClientAs(Staff.User1, CrmRoles.Sales);

        var all = await App.GetAsync($"/api/funnel/leads?accountId={account}");
        var asSalesperson = await (await user1.GetAsync($"/api/funnel/leads?accountId={account}")).ShouldHave(HttpStatusCode.OK)
            .ContinueWith(t => t.Result.ReadJson()).Unwrap();

        Assert.Equal([colleagues, mine], Ids(all));
        Assert.Equal([mine], Ids(asSalesperson));
        Assert.Equal("Mine", asSalesperson.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_quotes_tab_lists_the_accounts_current_quotes_with_the_opportunity_name_and_only_those_the_caller_may_see()
    {
        var account = await App.CreateAccountAsync();
        var mine = await QuoteAsync(account, Staff.User1, "Pumps for line 2");
        var theirs = await QuoteAsync(account, Staff.User2, "Valves");
        await QuoteAsync(await App.CreateAccountAsync(), Staff.User1, "Elsewhere");
        var revised = await App.PostAsync($"/api/funnel/quotes/{mine}/revisions", new { }, HttpStatusCode.Created);
        using var user1 = App.App.CreateClientAs(Staff.User1, CrmRoles.Sales);

        var all = await App.GetAsync($"/api/funnel/quotes/pages?accountId={account}&latestOnly=true");
        var asSalesperson = await (await user1.GetAsync($"/api/funnel/quotes/pages?accountId={account}&latestOnly=true")).ShouldHave(HttpStatusCode.OK)
            .ContinueWith(t => t.Result.ReadJson()).Unwrap();

        Assert.Equal([revised.GetProperty("id").GetGuid(), theirs], Ids(all));
        var only = Assert.Single(asSalesperson.GetProperty("items").EnumerateArray());
        Assert.Equal(revised.GetProperty("id").GetGuid(), only.GetProperty("id").GetGuid());
        Assert.Equal("Pumps for line 2", only.GetProperty("opportunity").GetString());
    }

    private async Task<Guid> ConvertAsync(object lead, Guid accountId)
    {
        var id = await App.CreateLeadAsync(lead);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await App.PostAsync($"/api/funnel/leads/{id}/convert", new { accountId, createOpportunity = false });
        return id;
    }

    private async Task<Guid> QuoteAsync(Guid accountId, Guid ownerId, string opportunity)
    {
        var created = await App.CreateOpportunityAsync(accountId, 500m, new DateOnly(2027, 1, 31), ownerId, opportunity);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var quote = await App.PostAsync($"/api/funnel/opportunities/{created.GetProperty("id").GetGuid()}/quotes",
            new { lines = new[] { new { description = "X", quantity = 1, unitPrice = 10m } } }, HttpStatusCode.Created);
        return quote.GetProperty("id").GetGuid();
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
