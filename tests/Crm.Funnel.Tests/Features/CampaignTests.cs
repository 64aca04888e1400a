using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Funnel.Features.Campaigns;
using Crm.Funnel.Persistence;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Tests.Features;

public sealed class CampaignTests(CampaignTests.Fixture fixture) : IClassFixture<CampaignTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        // The reminder job is driven by the test (the command it sends), not by its timer.
        public FunnelApp App { get; } = new(new Dictionary<string, string?> { ["Funnel:Reminders:Enabled"] = "false" });

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task A_campaign_records_costs_participants_and_its_results()
    {
        var campaign = await CreateAsync();
        var id = campaign.GetProperty("id").GetGuid();

        await App.PostAsync($"/api/funnel/campaigns/{id}/costs", new { description = "Booth", amount = 8000m, category = "Venue" });
        await App.PostAsync($"/api/funnel/campaigns/{id}/costs", new { description = "Flyers", amount = 2000m });
        var withGuest = await App.PostAsync($"/api/funnel/campaigns/{id}/participants",
            new { name = "Chen Jie", type = "Prospect", phone = "+86 138 0000 1111", email = $"chen{FunnelApp.Next()}@guest.test", company = "Guest Co" });
        var participant = withGuest.GetProperty("participants").EnumerateArray().Single().GetProperty("id").GetGuid();

        // A participant becomes a lead of the campaign; the lead is converted and the deal won.
        var lead = await App.PostAsync($"/api/funnel/campaigns/{id}/participants/{participant}/lead", new { }, HttpStatusCode.Created);
        Assert.Equal(id, lead.GetProperty("campaignId").GetGuid());
        Assert.Equal("Campaign", lead.GetProperty("capturedVia").GetString());
        var converted = await App.PostAsync($"/api/funnel/leads/{lead.GetProperty("id").GetGuid()}/convert", new { amount = 30000m });
        await App.PostAsync($"/api/funnel/opportunities/{converted.GetProperty("opportunityId").GetGuid()}/stage", new { stageId = await App.StageIdAsync("Won") });

        var result = await App.GetAsync($"/api/funnel/campaigns/{id}");

        Assert.Equal(10000m, result.GetProperty("actualCost").GetDecimal());
        var results = result.GetProperty("results");
        Assert.Equal(1, results.GetProperty("leads").GetInt32());
        Assert.Equal(1, results.GetProperty("convertedLeads").GetInt32());
        Assert.Equal(1, results.GetProperty("won").GetInt32());
        Assert.Equal(30000m, results.GetProperty("wonRevenue").GetDecimal());
        Assert.Equal(200.0m, results.GetProperty("returnOnInvestmentPercent").GetDecimal());
        Assert.Equal(lead.GetProperty("id").GetGuid(), result.GetProperty("participants")[0].GetProperty("leadId").GetGuid());
        var again = await App.Client.PostAsJsonAsync($"/api/funnel/campaigns/{id}/participants/{participant}/lead", new { });
        await again.ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_campaign_cannot_end_before_it_starts()
    {
        var response = await App.Client.PostAsJsonAsync("/api/funnel/campaigns",
            new { name = "Backwards", type = "Seminar", startsAt = "2027-05-02T09:00:00Z", endsAt = "2027-05-01T09:00:00Z" });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("endsAt", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task A_due_reminder_raises_its_event_once_and_follows_a_moved_start()
    {
        var owner = Guid.NewGuid();
        var start = App.Clock.GetUtcNow().UtcDateTime.AddDays(10);
        var campaign = await CreateAsync(start, owner);
        var id = campaign.GetProperty("id").GetGuid();
        var withReminder = await App.PostAsync($"/api/funnel/campaigns/{id}/reminders", new { daysBefore = 3, note = "Print the flyers" });
        Assert.Equal(start.AddDays(-3), withReminder.GetProperty("reminders")[0].GetProperty("remindAt").GetDateTime());

        // The start moves two days later: the unsent reminder moves with it.
        await (await App.Client.PutAsJsonAsync($"/api/funnel/campaigns/{id}", new
        {
            name = "Moved", type = "TradeShow", startsAt = start.AddDays(2), endsAt = start.AddDays(4), budget = 1000m, ownerId = owner,
        })).ShouldHave(HttpStatusCode.OK);

        Assert.Equal(0, await SendDueAsync());
        App.Clock.Advance(TimeSpan.FromDays(8.5)); // past the original reminder time, before the moved one
        Assert.Equal(0, await SendDueAsync());
        App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());

        await using var scope = App.App.Services.CreateAsyncScope();
        var payload = Assert.Single(await scope.ServiceProvider.GetRequiredService<FunnelDbContext>().Database
            .SqlQueryRaw<string>("SELECT Payload AS \"Value\" FROM OutboxMessages WHERE Type LIKE '%CampaignReminderDue%'").ToListAsync());
        var due = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(owner, due.GetProperty("recipientId").GetGuid());
        Assert.Equal("Print the flyers", due.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_participant_needs_a_phone_with_enough_digits_and_a_valid_e_mail()
    {
        var id = (await CreateAsync()).GetProperty("id").GetGuid();

        var response = await App.Client.PostAsJsonAsync($"/api/funnel/campaigns/{id}/participants", new { name = "Chen Jie", phone = "12-3", email = "chen.at.guest" });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Equal("Phone must contain at least 5 digits.", Assert.Single(errors["phone"]));
        Assert.Equal("E-mail is not a valid address.", Assert.Single(errors["email"]));
        Assert.Empty((await App.GetAsync($"/api/funnel/campaigns/{id}")).GetProperty("participants").EnumerateArray());
    }

    [Fact]
    public async Task The_list_page_filters_by_words_of_the_name_or_topic_and_pages_with_a_cursor()
    {
        var word = $"Zq{FunnelApp.Next()}x";
        var start = new DateTime(2031, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var campaign = await App.PostAsync("/api/funnel/campaigns", new
            {
                // Two share a start time: the id breaks the tie, so paging neither skips nor repeats one.
                name = i % 2 == 0 ? $"Roadshow {word.ToUpperInvariant()} {i}" : $"Seminar {i}", type = i < 3 ? "Seminar" : "Webinar",
                topic = i % 2 == 0 ? null : $"About {word}", startsAt = start.AddDays(i == 4 ? 3 : i), endsAt = start.AddDays(10),
            }, HttpStatusCode.Created);
            created.Add(campaign.GetProperty("id").GetGuid());
        }

        await using var scope = App.App.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await mediator.Send(new PageCampaignsQuery(null, null, word.ToLowerInvariant(), 2, cursor));
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
            Assert.Equal(cursor is not null, page.HasMore);
            pages++;
        }
        while (cursor is not null);

        // All five match (three by name, in another letter case, two by topic), latest start first.
        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(new HashSet<Guid> { created[3], created[4] }, seen.Take(2).ToHashSet());
        Assert.Equal([created[2], created[1], created[0]], seen.Skip(2).ToArray());
        var webinars = await mediator.Send(new PageCampaignsQuery(null, "Webinar", word, 10, null));
        Assert.Equal(new HashSet<Guid> { created[3], created[4] }, webinars.Items.Select(c => c.Id).ToHashSet());
        Assert.Empty((await mediator.Send(new PageCampaignsQuery("Active", null, word, 10, null))).Items);
        var api = await App.GetAsync($"/api/funnel/campaigns?search={word}&type=Seminar");
        Assert.Equal(3, api.GetArrayLength());
        await (await App.Client.GetAsync("/api/funnel/campaigns?search=" + new string('x', 101))).ShouldHave(HttpStatusCode.BadRequest);
    }

    private async Task<int> SendDueAsync()
    {
        await using var scope = App.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new Crm.Funnel.Features.Campaigns.SendDueRemindersCommand(100));
    }

    private Task<JsonElement> CreateAsync(DateTime? start = null, Guid? owner = null)
    {
        var starts = start ?? new DateTime(2027, 4, 1, 9, 0, 0, DateTimeKind.Utc);
        return App.PostAsync("/api/funnel/campaigns", new
        {
            name = $"Trade show {FunnelApp.Next()}", type = "TradeShow", topic = "Smart factories", startsAt = starts, endsAt = starts.AddDays(2), budget = 50000m, ownerId = owner,
        }, HttpStatusCode.Created);
    }
}
