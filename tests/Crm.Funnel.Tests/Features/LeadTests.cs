using System.Net;
using System.Net.Http.Json;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class LeadTests(LeadTests.Fixture fixture) : IClassFixture<LeadTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task Create_returns_the_new_lead_with_status_New_and_no_owner()
    {
        var lead = await App.PostAsync("/api/funnel/leads", FunnelApp.NewLead(name: "Wang Wei"), HttpStatusCode.Created);

        Assert.Equal("Wang Wei", lead.GetProperty("name").GetString());
        Assert.Equal("New", lead.GetProperty("status").GetString());
        Assert.Equal("Manual", lead.GetProperty("capturedVia").GetString());
        Assert.Equal(JsonValueKindNull, lead.GetProperty("ownerId").ValueKind);
    }

    [Fact]
    public async Task Create_without_name_or_contact_details_returns_field_errors()
    {
        var response = await App.Client.PostAsJsonAsync("/api/funnel/leads", new { company = "No name", email = "not-an-email" });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Contains("name", errors.Keys);
        Assert.Contains("email", errors.Keys);
    }

    [Fact]
    public async Task Create_with_the_email_of_an_open_lead_returns_conflict_with_the_existing_lead()
    {
        var n = FunnelApp.Next();
        var first = await App.CreateLeadAsync(new { name = "First", email = $"Same{n}@Prospect.test" });

        var response = await App.Client.PostAsJsonAsync("/api/funnel/leads", new { name = "Second", email = $"same{n}@prospect.test " });

        await response.ShouldHave(HttpStatusCode.Conflict);
        var problem = await response.ReadJson();
        Assert.Equal(first, problem.GetProperty("existing").GetProperty("id").GetGuid());
        Assert.Equal("email", problem.GetProperty("existing").GetProperty("matchedOn").GetString());

        await (await App.Client.PostAsJsonAsync("/api/funnel/leads?allowDuplicate=true", new { name = "Second", email = $"same{n}@prospect.test" }))
            .ShouldHave(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_follow_up_moves_a_new_lead_to_Working_and_is_listed()
    {
        var id = await App.CreateLeadAsync();

        var followUp = await App.PostAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Telephone", summary = "Called, interested in a demo" }, HttpStatusCode.Created);

        Assert.Equal("Telephone", followUp.GetProperty("channel").GetString());
        var lead = await App.LeadAsync(id);
        Assert.Equal("Working", lead.GetProperty("status").GetString());
        Assert.Equal(1, lead.GetProperty("followUpCount").GetInt32());
        var log = await App.GetAsync($"/api/funnel/leads/{id}/follow-ups");
        Assert.Equal("Called, interested in a demo", Assert.Single(log.GetProperty("items").EnumerateArray()).GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Disqualify_needs_a_reason_and_closes_the_lead()
    {
        var id = await App.CreateLeadAsync();

        await (await App.Client.PostAsJsonAsync($"/api/funnel/leads/{id}/disqualify", new { reason = " " })).ShouldHave(HttpStatusCode.BadRequest);
        var lead = await App.PostAsync($"/api/funnel/leads/{id}/disqualify", new { reason = "Student project, no budget" });

        Assert.Equal("Disqualified", lead.GetProperty("status").GetString());
        var response = await App.Client.PostAsJsonAsync($"/api/funnel/leads/{id}/follow-ups", new { channel = "Email", summary = "Too late" });
        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Manual_assignment_to_a_queue_and_claim_by_a_member_is_recorded_in_the_history()
    {
        var id = await App.CreateLeadAsync();
        var user = Guid.NewGuid();

        await App.PostAsync($"/api/funnel/leads/{id}/assign", new { queue = "Inside sales" });
        var claimed = await App.PostAsync($"/api/funnel/leads/{id}/claim", new { userId = user });
        var second = await App.Client.PostAsJsonAsync($"/api/funnel/leads/{id}/claim", new { userId = Guid.NewGuid() });

        Assert.Equal(user, claimed.GetProperty("ownerId").GetGuid());
        await second.ShouldHave(HttpStatusCode.Conflict);
        var history = (await App.GetAsync($"/api/funnel/leads/{id}/assignments")).EnumerateArray().ToList();
        Assert.Equal(["Manual", "Queue"], history.Select(h => h.GetProperty("strategy").GetString()));
        Assert.Equal("Inside sales", history[0].GetProperty("queue").GetString());
    }

    [Fact]
    public async Task List_filters_by_owner_and_pages_with_a_cursor()
    {
        var owner = Guid.NewGuid();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: owner)));
            App.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await App.GetAsync($"/api/funnel/leads?ownerId={owner}&pageSize=3");
        var next = first.GetProperty("nextCursor").GetString();
        var second = await App.GetAsync($"/api/funnel/leads?ownerId={owner}&pageSize=3&cursor={Uri.EscapeDataString(next!)}");

        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.False(second.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_refused()
    {
        var id = await App.CreateLeadAsync();
        var lead = await App.LeadAsync(id);
        var body = new { name = "Renamed", email = lead.GetProperty("email").GetString(), version = 99 };

        await (await App.Client.PutAsJsonAsync($"/api/funnel/leads/{id}", body)).ShouldHave(HttpStatusCode.PreconditionFailed);
        var updated = await (await App.Client.PutAsJsonAsync($"/api/funnel/leads/{id}", body with { version = 1 })).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("Renamed", (await updated.ReadJson()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Concurrent_updates_of_one_version_let_one_win_and_answer_412_to_every_other()
    {
        var id = await App.CreateLeadAsync();
        var email = (await App.LeadAsync(id)).GetProperty("email").GetString();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            App.Client.PutAsJsonAsync($"/api/funnel/leads/{id}", new { name = $"Writer {i}", email, version = 1 })));

        // However the loser notices (the version check or the concurrency token at save), the answer is 412 (ADR 0066).
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
