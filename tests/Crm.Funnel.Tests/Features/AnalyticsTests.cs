using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// Board, funnel, forecast, conversion and sales cycle read running totals that every opportunity change adjusts; each
/// test owns its opportunities (a fresh owner) so the numbers are exact, and checks the totals against a rebuild.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class AnalyticsTests(AnalyticsTests.Fixture fixture) : IClassFixture<AnalyticsTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task Funnel_counts_and_weights_open_opportunities_per_stage()
    {
        var owner = Guid.NewGuid();
        var account = await App.CreateAccountAsync();
        var a = await App.CreateOpportunityAsync(account, 1000m, new DateOnly(2027, 1, 15), owner);
        await App.CreateOpportunityAsync(account, 3000m, new DateOnly(2027, 2, 15), owner);
        var c = await App.CreateOpportunityAsync(account, 10000m, new DateOnly(2027, 2, 20), owner);
        await Move(a, "Proposal");
        await Move(c, "Won");

        var funnel = await App.GetAsync($"/api/funnel/analytics/funnel?ownerId={owner}");

        var stages = funnel.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal((1, 3000m, 300m), Row(stages["Qualification"]));
        Assert.Equal((1, 1000m, 500m), Row(stages["Proposal"]));
        Assert.Equal((1, 10000m, 0m), Row(stages["Won"]));
        Assert.Equal(2, funnel.GetProperty("openCount").GetInt64());
        Assert.Equal(800m, funnel.GetProperty("weightedAmount").GetDecimal());
    }

    [Fact]
    public async Task Forecast_weights_by_close_month_and_owner_and_counts_won_in_the_month_it_closed()
    {
        var owner1 = Guid.NewGuid();
        var owner2 = Guid.NewGuid();
        var account = await App.CreateAccountAsync();
        await App.CreateOpportunityAsync(account, 1000m, new DateOnly(2027, 3, 1), owner1);
        var b = await App.CreateOpportunityAsync(account, 2000m, new DateOnly(2027, 3, 20), owner2);
        await App.CreateOpportunityAsync(account, 4000m, new DateOnly(2027, 4, 2), owner2);
        await Move(b, "Negotiation");

        var forecast = await App.GetAsync($"/api/funnel/analytics/forecast?from=2027-03&to=2027-04&branchId={Guid.Empty}");

        var rows = forecast.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("ownerId").ValueKind != JsonValueKind.Null && new[] { owner1, owner2 }.Contains(r.GetProperty("ownerId").GetGuid()))
            .Select(r => (r.GetProperty("month").GetString(), r.GetProperty("ownerId").GetGuid() == owner1 ? 1 : 2, r.GetProperty("openAmount").GetDecimal(), r.GetProperty("weightedAmount").GetDecimal()))
            .OrderBy(r => r.Item1).ThenBy(r => r.Item2).ToList();
        Assert.Equal([("2027-03", 1, 1000m, 100m), ("2027-03", 2, 2000m, 1500m), ("2027-04", 2, 4000m, 400m)], rows);
        Assert.Equal(["2027-03", "2027-04"], forecast.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("month").GetString()));

        var won = await Move(b, "Won");
        var month = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var now = await App.GetAsync($"/api/funnel/analytics/forecast?ownerId={owner2}&from={month:yyyy-MM}&to={month:yyyy-MM}");
        var row = Assert.Single(now.GetProperty("rows").EnumerateArray());
        Assert.Equal(2000m, row.GetProperty("wonAmount").GetDecimal());
        Assert.Equal("Won", won.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Open_deals_past_their_close_date_stay_in_the_forecast_as_overdue_and_are_flagged_on_the_board()
    {
        var owner = Guid.NewGuid();
        var account = await App.CreateAccountAsync();
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var late = await App.CreateOpportunityAsync(account, 3000m, today.AddDays(-60), owner, name: "Slipped deal");
        await App.CreateOpportunityAsync(account, 1000m, today.AddMonths(1), owner, name: "Next month deal");

        var forecast = await App.GetAsync($"/api/funnel/analytics/forecast?ownerId={owner}");

        var overdue = forecast.GetProperty("overdue");
        Assert.Equal(1, overdue.GetProperty("openCount").GetInt64());
        Assert.Equal(3000m, overdue.GetProperty("openAmount").GetDecimal());
        Assert.Equal(300m, overdue.GetProperty("weightedAmount").GetDecimal());
        Assert.Equal(1, forecast.GetProperty("months").EnumerateArray().Sum(m => m.GetProperty("openCount").GetInt64()));

        var board = await App.GetAsync($"/api/funnel/board?ownerId={owner}");
        var cards = board.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("cards").EnumerateArray())
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("overdue").GetBoolean());
        Assert.True(cards["Slipped deal"]);
        Assert.False(cards["Next month deal"]);
        Assert.Equal(late.GetProperty("id").GetGuid(), board.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("cards").EnumerateArray())
            .Single(c => c.GetProperty("overdue").GetBoolean()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Conversion_counts_how_many_reached_each_stage_and_the_win_rate()
    {
        var owner = Guid.NewGuid();
        var account = await App.CreateAccountAsync();
        var ids = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await App.CreateOpportunityAsync(account, 100m, new DateOnly(2027, 1, 1), owner));
        }

        await Move(ids[0], "Needs analysis");
        await Move(ids[1], "Proposal");
        await Move(ids[2], "Won");
        await Move(ids[1], "Lost", lost: true);

        var conversion = await App.GetAsync($"/api/funnel/analytics/conversion?ownerId={owner}");

        var reached = conversion.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("reached").GetInt64());
        Assert.Equal(4, reached["Qualification"]);
        Assert.Equal(3, reached["Needs analysis"]);
        Assert.Equal(2, reached["Proposal"]);
        Assert.Equal(1, reached["Negotiation"]);
        Assert.Equal(1, reached["Won"]);
        Assert.Equal(25.0m, conversion.GetProperty("winRatePercent").GetDecimal());
        var qualification = conversion.GetProperty("stages").EnumerateArray().First();
        Assert.Equal(75.0m, qualification.GetProperty("toNextPercent").GetDecimal());
    }

    [Fact]
    public async Task Sales_cycle_averages_the_days_from_opening_to_winning()
    {
        var owner = Guid.NewGuid();
        var account = await App.CreateAccountAsync();
        var a = await App.CreateOpportunityAsync(account, 100m, new DateOnly(2027, 1, 1), owner);
        App.Clock.Advance(TimeSpan.FromDays(10));
        var b = await App.CreateOpportunityAsync(account, 100m, new DateOnly(2027, 1, 1), owner);
        App.Clock.Advance(TimeSpan.FromDays(20));
        await Move(a, "Won");
        await Move(b, "Won");

        var cycle = await App.GetAsync($"/api/funnel/analytics/sales-cycle?ownerId={owner}");

        Assert.Equal(2, cycle.GetProperty("won").GetInt64());
        Assert.Equal(25.0m, cycle.GetProperty("averageDaysToWin").GetDecimal());
    }

    [Fact]
    public async Task The_board_shows_columns_with_totals_and_cards_and_a_drag_moves_a_card()
    {
        var owner = Guid.NewGuid();
        var account = await App.CreateAccountAsync();
        var a = await App.CreateOpportunityAsync(account, 700m, new DateOnly(2027, 1, 1), owner);

        var before = await App.GetAsync($"/api/funnel/board?ownerId={owner}");
        await Move(a, "Negotiation");
        var after = await App.GetAsync($"/api/funnel/board?ownerId={owner}");

        Assert.Equal(1, Column(before, "Qualification").GetProperty("count").GetInt64());
        Assert.Equal(0, Column(after, "Qualification").GetProperty("count").GetInt64());
        var negotiation = Column(after, "Negotiation");
        Assert.Equal(700m, negotiation.GetProperty("amount").GetDecimal());
        Assert.Equal(a.GetProperty("id").GetGuid(), Assert.Single(negotiation.GetProperty("cards").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Running_totals_equal_a_rebuild_from_the_opportunities_after_many_changes()
    {
        var owners = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var account = await App.CreateAccountAsync();
        var random = new Random(42);
        var stages = new[] { "Needs analysis", "Proposal", "Negotiation", "Qualification", "Won", "Lost" };
        var ids = new List<JsonElement>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await App.CreateOpportunityAsync(account, random.Next(1, 50) * 100m, new DateOnly(2027, random.Next(1, 12), 1), owners[i % 2]));
        }

        for (var step = 0; step < 30; step++)
        {
            var o = await App.GetAsync($"/api/funnel/opportunities/{ids[random.Next(ids.Count)].GetProperty("id").GetGuid()}");
            var to = stages[random.Next(stages.Length)];
            if (to == o.GetProperty("stage").GetString())
            {
                continue;
            }

            if (step % 5 == 0 && o.GetProperty("status").GetString() == "Open")
            {
                await (await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{o.GetProperty("id").GetGuid()}/owner", new { ownerId = owners[random.Next(2)] }))
                    .ShouldHave(HttpStatusCode.OK);
                continue;
            }

            await Move(o, to, lost: to == "Lost", reopen: o.GetProperty("status").GetString() == "Won");
        }

        var funnels = new List<string>();
        var conversions = new List<string>();
        foreach (var owner in owners)
        {
            funnels.Add((await App.GetAsync($"/api/funnel/analytics/funnel?ownerId={owner}")).ByValue());
            conversions.Add((await App.GetAsync($"/api/funnel/analytics/conversion?ownerId={owner}")).ByValue());
        }

        await App.PostAsync("/api/funnel/analytics/rebuild", new { });

        for (var i = 0; i < owners.Length; i++)
        {
            Assert.Equal(funnels[i], (await App.GetAsync($"/api/funnel/analytics/funnel?ownerId={owners[i]}")).ByValue());
            Assert.Equal(conversions[i], (await App.GetAsync($"/api/funnel/analytics/conversion?ownerId={owners[i]}")).ByValue());
        }
    }

    [Fact]
    public async Task A_month_that_is_not_yyyy_MM_is_a_field_error()
    {
        var response = await App.Client.GetAsync("/api/funnel/analytics/forecast?from=2027-13");

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("from", (await response.ReadFieldErrors()).Keys);
    }

    private async Task<JsonElement> Move(JsonElement opportunity, string stage, bool lost = false, bool reopen = false) =>
        await App.PostAsync($"/api/funnel/opportunities/{opportunity.GetProperty("id").GetGuid()}/stage",
            lost ? new { stageId = await App.StageIdAsync(stage), lostReasonCategory = "Price", lostReason = "Too expensive" }
            : reopen ? new { stageId = await App.StageIdAsync(stage), confirmReopen = true } : (object)new { stageId = await App.StageIdAsync(stage) });

    private static (long, decimal, decimal) Row(JsonElement stage) =>
        (stage.GetProperty("count").GetInt64(), stage.GetProperty("amount").GetDecimal(), stage.GetProperty("weightedAmount").GetDecimal());

    private static JsonElement Column(JsonElement board, string name) =>
        board.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}

internal static class JsonByValue
{
    /// <summary>
    /// The JSON text with every number written by its value: a total kept in a numeric(19,4) column reads 0.0000 on
    /// PostgreSQL where a rebuilt one reads 0, and both are the same amount.
    /// </summary>
    public static string ByValue(this System.Text.Json.JsonElement element) => Normalize(System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText()))?.ToJsonString() ?? "null";

    private static System.Text.Json.Nodes.JsonNode? Normalize(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray(a.Select(Normalize).ToArray()),
        System.Text.Json.Nodes.JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => System.Text.Json.Nodes.JsonValue.Create(v.GetValue<decimal>() / 1.0000000000000000000000000000m),
        _ => node?.DeepClone(),
    };
}
