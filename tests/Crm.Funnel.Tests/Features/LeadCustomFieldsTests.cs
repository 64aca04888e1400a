using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>Leads take custom fields through the same kit as accounts: one registration line, the same JSON and errors.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class LeadCustomFieldsTests(LeadCustomFieldsTests.Fixture fixture) : IClassFixture<LeadCustomFieldsTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    private async Task<string> AddFieldAsync(string entityType, string type, bool required = false)
    {
        var key = $"f{FunnelApp.Next()}_{type.ToLowerInvariant()}";
        var response = await App.Client.PostAsJsonAsync($"/api/custom-fields/{entityType}", new { key, type, labelEnglish = $"Field {key}", labelChinese = $"字段 {key}", required });
        await response.ShouldHave(HttpStatusCode.Created);
        return key;
    }

    [Fact]
    public async Task Leads_and_opportunities_are_record_types_that_take_custom_fields()
    {
        var entities = await App.GetAsync("/api/custom-fields");
        var types = entities.EnumerateArray().Select(e => e.GetProperty("entityType").GetString()).ToList();
        Assert.Contains("lead", types);
        Assert.Contains("opportunity", types);
        Assert.Contains("account", types);
    }

    [Fact]
    public async Task A_lead_keeps_its_custom_values_through_create_get_update_and_list_filter()
    {
        var budget = await AddFieldAsync("lead", "Money");
        var visit = await AddFieldAsync("lead", "Date");
        var n = FunnelApp.Next();

        var created = await App.PostAsync("/api/funnel/leads", new
        {
            name = $"Custom lead {n}",
            email = $"cf{n}@prospect.test",
            customFields = new Dictionary<string, object?> { [budget] = "50000 CNY", [visit] = "2026-04-01" },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(50000m, created.GetProperty("customFields").GetProperty(budget).GetProperty("amount").GetDecimal());

        var lead = await App.LeadAsync(id);
        Assert.Equal("2026-04-01", lead.GetProperty("customFields").GetProperty(visit).GetString());

        var updated = await App.Client.PutAsJsonAsync($"/api/funnel/leads/{id}", new
        {
            name = $"Custom lead {n}",
            email = $"cf{n}@prospect.test",
            version = lead.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [visit] = "2026-05-02" },
        });
        var after = await (await updated.ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal("2026-05-02", after.GetProperty("customFields").GetProperty(visit).GetString());
        Assert.Equal("CNY", after.GetProperty("customFields").GetProperty(budget).GetProperty("currency").GetString());

        var list = await App.GetAsync($"/api/funnel/leads?cf.{visit}=2026-05-01..2026-05-31");
        var row = list.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(id, row.GetProperty("id").GetGuid());
        Assert.Equal(50000m, row.GetProperty("customFields").GetProperty(budget).GetProperty("amount").GetDecimal());
        Assert.Empty((await App.GetAsync($"/api/funnel/leads?cf.{visit}=2026-04-01")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_required_lead_field_and_a_bad_value_are_custom_field_errors()
    {
        var required = await AddFieldAsync("lead", "Text", required: true);
        var number = await AddFieldAsync("lead", "Number");
        var n = FunnelApp.Next();
        try
        {
            var response = await App.Client.PostAsJsonAsync("/api/funnel/leads", new
            {
                name = $"Refused {n}",
                email = $"refused{n}@prospect.test",
                customFields = new Dictionary<string, object?> { [number] = "many" },
            });
            var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
            Assert.Contains($"custom.{required}", errors.Keys);
            Assert.Contains($"custom.{number}", errors.Keys);
            Assert.Empty((await App.GetAsync($"/api/funnel/leads?search=refused{n}")).GetProperty("items").EnumerateArray());
        }
        finally
        {
            await App.Client.PostAsync($"/api/custom-fields/lead/{required}/retire", null);
        }
    }

    [Fact]
    public async Task An_account_field_is_not_a_lead_field_and_a_salesperson_cannot_add_fields()
    {
        var accountField = await AddFieldAsync("account", "Text");
        var response = await App.Client.PostAsJsonAsync("/api/funnel/leads", new
        {
            name = $"Other type {FunnelApp.Next()}",
            email = $"other{FunnelApp.Next()}@prospect.test",
            customFields = new Dictionary<string, object?> { [accountField] = "x" },
        });
        Assert.Contains($"custom.{accountField}", (await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);

        using var sales = App.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales);
        var refused = await sales.PostAsJsonAsync("/api/custom-fields/lead", new { type = "Text", labelEnglish = "Sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task An_opportunity_keeps_its_custom_values_through_create_get_update_and_list_filter()
    {
        var competitor = await AddFieldAsync("opportunity", "Text");
        var decided = await AddFieldAsync("opportunity", "YesNo");
        var account = await App.CreateAccountAsync();
        var n = FunnelApp.Next();

        var created = await App.PostAsync("/api/funnel/opportunities", new
        {
            name = $"Custom deal {n}",
            accountId = account,
            amount = 1000m,
            expectedCloseDate = "2027-01-15",
            customFields = new Dictionary<string, object?> { [competitor] = $"Rival {n}", [decided] = false },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"Rival {n}", created.GetProperty("customFields").GetProperty(competitor).GetString());

        var fetched = await App.GetAsync($"/api/funnel/opportunities/{id}");
        Assert.False(fetched.GetProperty("customFields").GetProperty(decided).GetBoolean());
        var updated = await App.Client.PutAsJsonAsync($"/api/funnel/opportunities/{id}", new
        {
            name = $"Custom deal {n}",
            expectedCloseDate = "2027-01-15",
            version = fetched.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [decided] = true },
        });
        var after = await (await updated.ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.True(after.GetProperty("customFields").GetProperty(decided).GetBoolean());

        var list = await App.GetAsync($"/api/funnel/opportunities?cf.{competitor}={Uri.EscapeDataString($"Rival {n}")}&cf.{decided}=true");
        Assert.Equal(id, list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());

        var bad = await App.Client.PutAsJsonAsync($"/api/funnel/opportunities/{id}", new
        {
            name = $"Custom deal {n}",
            expectedCloseDate = "2027-01-15",
            version = after.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [decided] = "perhaps" },
        });
        Assert.Contains($"custom.{decided}", (await (await bad.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);
    }
}
