using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class OpportunityTests(OpportunityTests.Fixture fixture) : IClassFixture<OpportunityTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task The_default_pipeline_has_the_usual_stages_and_probabilities()
    {
        var pipeline = await App.DefaultPipelineAsync();

        var stages = pipeline.GetProperty("stages").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("probability").GetInt32(), s.GetProperty("kind").GetString())).ToList();
        Assert.Equal(
            [("Qualification", 10, "Open"), ("Needs analysis", 25, "Open"), ("Proposal", 50, "Open"), ("Negotiation", 75, "Open"), ("Won", 100, "Won"), ("Lost", 0, "Lost")],
            stages);
    }

    [Fact]
    public async Task Moving_a_won_deal_back_to_an_open_stage_needs_an_explicit_confirmation()
    {
        var account = await App.CreateAccountAsync();
        var opportunity = await App.CreateOpportunityAsync(account, 5000m, new DateOnly(2031, 6, 30));
        var id = opportunity.GetProperty("id").GetGuid();
        await App.PostAsync($"/api/funnel/opportunities/{id}/stage", new { stageId = await App.StageIdAsync("Won") });
        var proposal = await App.StageIdAsync("Proposal");

        var unconfirmed = await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{id}/stage", new { stageId = proposal });

        await unconfirmed.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("confirmReopen", (await unconfirmed.ReadFieldErrors()).Keys);
        Assert.Equal("Won", (await App.GetAsync($"/api/funnel/opportunities/{id}")).GetProperty("status").GetString());

        var reopened = await App.PostAsync($"/api/funnel/opportunities/{id}/stage", new { stageId = proposal, confirmReopen = true });
        Assert.Equal("Open", reopened.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_for_an_unknown_account_is_refused()
    {
        var response = await App.Client.PostAsJsonAsync("/api/funnel/opportunities", new { name = "X", accountId = Guid.NewGuid(), expectedCloseDate = "2027-01-31" });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Lines_set_the_amount_and_the_weighted_amount_follows_the_stage_probability()
    {
        var account = await App.CreateAccountAsync();
        var created = await App.CreateOpportunityAsync(account, 1000m, new DateOnly(2027, 6, 30));
        var id = created.GetProperty("id").GetGuid();

        var updated = await (await App.Client.PutAsJsonAsync($"/api/funnel/opportunities/{id}/lines", new
        {
            lines = new object[]
            {
                new { productCode = "LIC", description = "Licence", quantity = 10, unitPrice = 1200m, discountPercent = 10m },
                new { description = "Training", quantity = 2, unitPrice = 800m },
            },
        })).ShouldHave(HttpStatusCode.OK);

        var o = await updated.ReadJson();
        Assert.Equal(10 * 1200m * 0.9m + 1600m, o.GetProperty("amount").GetDecimal());
        Assert.Equal(1240m, o.GetProperty("weightedAmount").GetDecimal());
        Assert.Equal(2, o.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Moving_through_stages_keeps_a_history_and_losing_needs_a_reason()
    {
        var account = await App.CreateAccountAsync();
        var id = (await App.CreateOpportunityAsync(account, 5000m, new DateOnly(2027, 2, 28))).GetProperty("id").GetGuid();
        var proposal = await App.StageIdAsync("Proposal");
        var lost = await App.StageIdAsync("Lost");

        await App.PostAsync($"/api/funnel/opportunities/{id}/stage", new { stageId = proposal });
        var noReason = await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{id}/stage", new { stageId = lost });
        await noReason.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var closed = await App.PostAsync($"/api/funnel/opportunities/{id}/stage",
            new { stageId = lost, lostReasonCategory = "Competitor", lostReason = "Cheaper offer", competitor = "Acme Software" });

        Assert.Equal("Lost", closed.GetProperty("status").GetString());
        Assert.Equal("Acme Software", closed.GetProperty("competitor").GetString());
        var history = (await App.GetAsync($"/api/funnel/opportunities/{id}/stage-history")).EnumerateArray().Select(h => h.GetProperty("toStage").GetString()).ToList();
        Assert.Equal(["Qualification", "Proposal", "Lost"], history);
        var edit = await App.Client.PutAsJsonAsync($"/api/funnel/opportunities/{id}", new { name = "Edit", amount = 1m, expectedCloseDate = "2027-02-28" });
        await edit.ShouldHave(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_stale_version_on_a_stage_move_is_refused()
    {
        var account = await App.CreateAccountAsync();
        var id = (await App.CreateOpportunityAsync(account, 5000m, new DateOnly(2027, 2, 28))).GetProperty("id").GetGuid();

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funnel/opportunities/{id}/stage")
        {
            Content = JsonContent.Create(new { stageId = await App.StageIdAsync("Proposal") }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"7\""));

        await (await App.Client.SendAsync(request)).ShouldHave(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task List_by_account_pages_by_expected_close_date()
    {
        var account = await App.CreateAccountAsync();
        for (var m = 1; m <= 4; m++)
        {
            await App.CreateOpportunityAsync(account, 100m * m, new DateOnly(2027, 5 - m, 1));
        }

        var first = await App.GetAsync($"/api/funnel/opportunities?accountId={account}&pageSize=3");
        var second = await App.GetAsync($"/api/funnel/opportunities?accountId={account}&pageSize=3&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");

        var dates = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("expectedCloseDate").GetString()).ToList();
        Assert.Equal(["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"], dates);
    }

    [Fact]
    public async Task List_search_matches_every_word_of_the_name_ignoring_case_and_wildcards()
    {
        var account = await App.CreateAccountAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await App.CreateOpportunityAsync(account, 100m, new DateOnly(2027, 3, 1), name: $"Boiler retrofit {tag}");
        await App.CreateOpportunityAsync(account, 200m, new DateOnly(2027, 3, 2), name: $"Boiler service {tag}");
        await App.CreateOpportunityAsync(account, 300m, new DateOnly(2027, 3, 3), name: $"Chiller 100% retrofit {tag}");

        async Task<List<string?>> Names(string search) =>
            (await App.GetAsync($"/api/funnel/opportunities?accountId={account}&search={Uri.EscapeDataString(search)}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("name").GetString()).ToList();

        Assert.Equal([$"Boiler retrofit {tag}", $"Chiller 100% retrofit {tag}"], await Names($"RETROFIT {tag}"));
        Assert.Equal([$"Boiler retrofit {tag}"], await Names("boiler retro"));
        Assert.Equal([$"Chiller 100% retrofit {tag}"], await Names("0%"));
        Assert.Empty(await Names("boiler_"));
    }
}
