using System.Net;
using System.Net.Http.Json;
using Crm.Accounts.PublicApi;
using Crm.Funnel.Persistence;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Tests.Features;

/// <summary>Lead conversion creates the customer through the Accounts module (IAccountsApi) and opens an opportunity.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ConversionTests(ConversionTests.Fixture fixture) : IClassFixture<ConversionTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task The_follow_ups_logged_on_a_lead_are_carried_to_its_opportunity()
    {
        var n = FunnelApp.Next();
        var leadId = await App.CreateLeadAsync(new { name = "Zhou Jie", company = $"Followed {n} Co", email = $"zhou{n}@followed.test" });
        var occurred = App.Clock.GetUtcNow().UtcDateTime.AddHours(-2);
        await App.PostAsync($"/api/funnel/leads/{leadId}/follow-ups", new { channel = "Telephone", summary = "Wants a demo in March", occurredAt = occurred }, HttpStatusCode.Created);

        var result = await App.PostAsync($"/api/funnel/leads/{leadId}/convert", new { amount = 5000m });

        var log = await App.GetAsync($"/api/funnel/opportunities/{result.GetProperty("opportunityId").GetGuid()}/follow-ups");
        var carried = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal("Wants a demo in March", carried.GetProperty("summary").GetString());
        Assert.Equal("Telephone", carried.GetProperty("channel").GetString());
        Assert.Single((await App.GetAsync($"/api/funnel/leads/{leadId}/follow-ups")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Converting_creates_an_account_with_the_person_as_contact_and_an_opportunity_in_the_first_stage()
    {
        var owner = Guid.NewGuid();
        var n = FunnelApp.Next();
        var leadId = await App.CreateLeadAsync(new { name = "Li Na", company = $"Converted {n} Co", jobTitle = "CTO", email = $"li{n}@converted.test", phone = "+86 21 5555 0101", industry = "Energy", ownerId = owner });

        var result = await App.PostAsync($"/api/funnel/leads/{leadId}/convert", new { amount = 120000m, expectedCloseDate = "2027-03-31" });

        Assert.True(result.GetProperty("accountCreated").GetBoolean());
        var accountId = result.GetProperty("accountId").GetGuid();
        var account = await App.GetAsync($"/api/accounts/{accountId}");
        Assert.Equal($"Converted {n} Co", account.GetProperty("name").GetString());
        Assert.Equal("Opportunity", account.GetProperty("stage").GetString());
        Assert.Equal(owner, account.GetProperty("ownerId").GetGuid());
        var contact = Assert.Single(account.GetProperty("contacts").EnumerateArray());
        Assert.Equal("Li Na", contact.GetProperty("name").GetString());
        Assert.Equal(contact.GetProperty("id").GetGuid(), result.GetProperty("contactId").GetGuid());

        var opportunity = await App.GetAsync($"/api/funnel/opportunities/{result.GetProperty("opportunityId").GetGuid()}");
        Assert.Equal("Qualification", opportunity.GetProperty("stage").GetString());
        Assert.Equal(120000m, opportunity.GetProperty("amount").GetDecimal());
        Assert.Equal(accountId, opportunity.GetProperty("accountId").GetGuid());
        Assert.Equal(leadId, opportunity.GetProperty("leadId").GetGuid());

        var lead = await App.LeadAsync(leadId);
        Assert.Equal("Converted", lead.GetProperty("status").GetString());
        Assert.Equal(accountId, lead.GetProperty("convertedAccountId").GetGuid());
        await using var scope = App.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        var sql = $"SELECT \"Type\" AS \"Value\" FROM {TestDatabase.Table(db, "OutboxMessages")}";
        var outbox = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        Assert.Contains(outbox, t => t.StartsWith("Crm.Funnel.PublicApi.IntegrationEvents.LeadConvertedIntegrationEvent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Converting_a_lead_whose_email_an_account_already_has_links_to_that_account_instead_of_creating_one()
    {
        var n = FunnelApp.Next();
        var existing = await App.PostAsync("/api/accounts", new { name = $"Existing {n} Ltd", email = $"info{n}@existing.test" }, HttpStatusCode.Created);
        var leadId = await App.CreateLeadAsync(new { name = "Zhao Lei", company = $"Existing {n}", email = $"info{n}@existing.test" });

        var result = await App.PostAsync($"/api/funnel/leads/{leadId}/convert", new { createOpportunity = false });

        Assert.False(result.GetProperty("accountCreated").GetBoolean());
        Assert.Equal("email", result.GetProperty("duplicateMatchedOn").GetString());
        Assert.Equal(existing.GetProperty("id").GetGuid(), result.GetProperty("accountId").GetGuid());
        var account = await App.GetAsync($"/api/accounts/{existing.GetProperty("id").GetGuid()}");
        Assert.Contains(account.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("name").GetString() == "Zhao Lei");
        Assert.Equal(JsonNull, result.GetProperty("opportunityId").ValueKind);
    }

    [Fact]
    public async Task Converting_into_a_given_account_adds_the_contact_once()
    {
        var accountId = await App.CreateAccountAsync();
        var n = FunnelApp.Next();
        var first = await App.CreateLeadAsync(new { name = "Sun Mei", company = "Any", email = $"sun{n}@x.test" });

        var result = await App.PostAsync($"/api/funnel/leads/{first}/convert", new { accountId, createOpportunity = false });

        Assert.Equal(accountId, result.GetProperty("accountId").GetGuid());
        using var scope = App.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();
        var again = await api.AddContactAsync(accountId, new NewContact("Sun Mei", Email: $"SUN{n}@x.test"));
        Assert.False(again.Created);
        Assert.Equal(result.GetProperty("contactId").GetGuid(), again.ContactId);
    }

    [Fact]
    public async Task A_converted_lead_cannot_be_converted_again()
    {
        var leadId = await App.CreateLeadAsync();
        await App.PostAsync($"/api/funnel/leads/{leadId}/convert", new { createOpportunity = false });

        var response = await App.Client.PostAsJsonAsync($"/api/funnel/leads/{leadId}/convert", new { createOpportunity = false });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Converting_into_an_unknown_account_is_refused_and_changes_nothing()
    {
        var leadId = await App.CreateLeadAsync();

        var response = await App.Client.PostAsJsonAsync($"/api/funnel/leads/{leadId}/convert", new { accountId = Guid.NewGuid() });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("New", (await App.LeadAsync(leadId)).GetProperty("status").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
