using Crm.Funnel.Tests.Support;

namespace Crm.Funnel.Tests.Features;

public sealed class DemoDataTests
{
    [Fact]
    public async Task Demo_seeding_fills_campaigns_leads_and_a_funnel_over_the_demo_accounts_without_starting_workflows()
    {
        using var app = new FunnelApp(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });

        var funnel = await app.GetAsync("/api/funnel/analytics/funnel");
        var campaigns = await app.GetAsync("/api/funnel/campaigns");
        var leads = await app.GetAsync("/api/funnel/leads?pageSize=200");
        var board = await app.GetAsync("/api/funnel/board");

        Assert.True(funnel.GetProperty("openCount").GetInt64() > 20);
        Assert.True(funnel.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Won").GetProperty("count").GetInt64() > 10);
        Assert.Equal(6, campaigns.GetArrayLength());
        Assert.True(leads.GetProperty("items").GetArrayLength() > 100);
        Assert.All(board.GetProperty("columns").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "Open"),
            c => Assert.NotEmpty(c.GetProperty("cards").EnumerateArray()));
        // Demo history is not news: nothing waits in the outbox, so no assignment workflow starts for it.
        Assert.Equal(0, await app.DeliverEventsAsync());
        var opportunity = (await app.GetAsync("/api/funnel/opportunities?pageSize=1")).GetProperty("items")[0];
        var account = await app.GetAsync($"/api/accounts/{opportunity.GetProperty("accountId").GetGuid()}");
        Assert.False(string.IsNullOrEmpty(account.GetProperty("name").GetString()));
    }
}
