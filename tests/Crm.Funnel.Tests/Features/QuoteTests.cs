using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Funnel.Persistence;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class QuoteTests(QuoteTests.Fixture fixture) : IClassFixture<QuoteTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new(new Dictionary<string, string?> { ["Funnel:Quotes:DiscountApprovalThresholdPercent"] = "15" });

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task A_quote_computes_list_total_discount_and_total()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 10m, headerDiscount: 5m);

        // 10 × 100 = 1000 list; −10% = 900; −5% = 855.
        Assert.Equal(1000m, quote.GetProperty("listTotal").GetDecimal());
        Assert.Equal(855m, quote.GetProperty("total").GetDecimal());
        Assert.Equal(14.5m, quote.GetProperty("discountPercent").GetDecimal());
        Assert.Matches(@"^Q-\d{4}-\d{6}$", quote.GetProperty("number").GetString());
        Assert.Equal("Draft", quote.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_discount_within_the_threshold_is_approved_on_submit()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 10m);

        var submitted = await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/submit", new { });

        Assert.Equal("Approved", submitted.GetProperty("status").GetString());
        Assert.DoesNotContain(await OutboxPayloadsAsync("QuoteDiscountApprovalRequested"), p => p.Contains(Id(quote).ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_discount_above_the_threshold_waits_for_approval_and_cannot_be_sent_until_approved()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 20m);

        var submitted = await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/submit", new { });
        var send = await App.Client.PostAsJsonAsync($"/api/funnel/quotes/{Id(quote)}/send", new { });

        Assert.Equal("PendingApproval", submitted.GetProperty("status").GetString());
        await send.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(await OutboxPayloadsAsync("QuoteDiscountApprovalRequested"), p => p.Contains(Id(quote).ToString(), StringComparison.Ordinal));

        var rejected = await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/approval", new { approved = false, comment = "Too deep" });
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("Too deep", rejected.GetProperty("decisionComment").GetString());
    }

    [Fact]
    public async Task Accepting_a_quote_makes_its_total_the_opportunitys_amount()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 0m);
        await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/submit", new { });
        await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/send", new { });

        var accepted = await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/accept", new { });

        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        var opportunity = await App.GetAsync($"/api/funnel/opportunities/{quote.GetProperty("opportunityId").GetGuid()}");
        Assert.Equal(1000m, opportunity.GetProperty("amount").GetDecimal());
        Assert.Equal(Id(quote), opportunity.GetProperty("acceptedQuoteId").GetGuid());
        Assert.Contains(await OutboxPayloadsAsync("QuoteAccepted"), p => p.Contains(Id(quote).ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quote_answers_with_its_version_as_ETag_and_a_stale_If_Match_is_refused()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 0m);
        var read = await App.Client.GetAsync($"/api/funnel/quotes/{Id(quote)}");
        var etag = read.Headers.ETag?.Tag;
        Assert.Equal($"\"{quote.GetProperty("version").GetInt64()}\"", etag);

        var change = new { validUntil = quote.GetProperty("validUntil").GetString(), headerDiscountPercent = 0m, terms = "Payment within 60 days.", lines = new[] { new { productCode = "LIC", description = "Licence", quantity = 10, unitPrice = 100m, discountPercent = 0m } } };
        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/funnel/quotes/{Id(quote)}") { Content = JsonContent.Create(change) };
        first.Headers.IfMatch.ParseAdd(etag);
        var saved = await App.Client.SendAsync(first);
        await saved.ShouldHave(HttpStatusCode.OK);
        Assert.NotEqual(etag, saved.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/funnel/quotes/{Id(quote)}") { Content = JsonContent.Create(change) };
        stale.Headers.IfMatch.ParseAdd(etag);
        await (await App.Client.SendAsync(stale)).ShouldHave(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_revision_keeps_the_number_supersedes_the_old_one_and_is_editable()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 0m);

        var revision = await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/revisions", new { }, HttpStatusCode.Created);
        var again = await App.Client.PostAsJsonAsync($"/api/funnel/quotes/{Id(quote)}/revisions", new { });

        Assert.Equal(quote.GetProperty("number").GetString(), revision.GetProperty("number").GetString());
        Assert.Equal(2, revision.GetProperty("revision").GetInt32());
        Assert.Equal("Superseded", (await App.GetAsync($"/api/funnel/quotes/{Id(quote)}")).GetProperty("status").GetString());
        await again.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var all = await App.GetAsync($"/api/funnel/opportunities/{quote.GetProperty("opportunityId").GetGuid()}/quotes");
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task The_quotes_page_lists_revisions_newest_first_a_page_at_a_time_and_filters_them()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 0m);
        var number = quote.GetProperty("number").GetString()!;
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var revision = await App.PostAsync($"/api/funnel/quotes/{Id(quote)}/revisions", new { }, HttpStatusCode.Created);

        var first = await App.GetAsync($"/api/funnel/quotes/pages?number={number}&pageSize=1");
        var second = await App.GetAsync($"/api/funnel/quotes/pages?number={number}&pageSize=1&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");
        var latest = await App.GetAsync($"/api/funnel/quotes/pages?number={number}&latestOnly=true");
        var superseded = await App.GetAsync($"/api/funnel/quotes/pages?number={number}&status=Superseded");
        var badStatus = await App.Client.GetAsync("/api/funnel/quotes/pages?status=Lost");

        static List<(int, string?)> Rows(JsonElement page) =>
            page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("revision").GetInt32(), i.GetProperty("status").GetString())).ToList();

        Assert.Equal([(2, "Draft")], Rows(first));
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal([(1, "Superseded")], Rows(second));
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        Assert.Equal([(2, "Draft")], Rows(latest));
        Assert.Equal([(1, "Superseded")], Rows(superseded));
        Assert.Equal(Id(revision), first.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("items")[0].GetProperty("opportunity").GetString()));
        await badStatus.ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_expired_quote_cannot_be_submitted()
    {
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var quote = await CreateQuoteAsync(lineDiscount: 0m, validUntil: today.AddDays(1));
        App.Clock.Advance(TimeSpan.FromDays(3));

        var response = await App.Client.PostAsJsonAsync($"/api/funnel/quotes/{Id(quote)}/submit", new { });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("validUntil", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task The_printable_view_is_html_with_the_lines_and_totals_and_escapes_text()
    {
        var quote = await CreateQuoteAsync(lineDiscount: 0m, description: "<script>alert(1)</script> Licence");

        var response = await (await App.Client.GetAsync($"/api/funnel/quotes/{Id(quote)}/print?culture=en-US")).ShouldHave(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(quote.GetProperty("number").GetString()!, html);
        Assert.Contains("Quotation", html);
        Assert.Contains("1,000.00", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("not approved yet", html);
    }

    [Fact]
    public async Task A_discount_above_100_percent_is_a_field_error()
    {
        var opportunity = await NewOpportunityAsync();

        var response = await App.Client.PostAsJsonAsync($"/api/funnel/opportunities/{opportunity}/quotes",
            new { lines = new[] { new { description = "X", quantity = 1, unitPrice = 10m, discountPercent = 120m } } });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("lines[0].discountPercent", (await response.ReadFieldErrors()).Keys);
    }

    private async Task<Guid> NewOpportunityAsync()
    {
        var account = await App.CreateAccountAsync();
        return (await App.CreateOpportunityAsync(account, 500m, new DateOnly(2027, 1, 31))).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> CreateQuoteAsync(decimal lineDiscount, decimal headerDiscount = 0m, DateOnly? validUntil = null, string description = "Licence")
    {
        var opportunity = await NewOpportunityAsync();
        return await App.PostAsync($"/api/funnel/opportunities/{opportunity}/quotes", new
        {
            validUntil,
            headerDiscountPercent = headerDiscount,
            terms = "Payment within 30 days.",
            lines = new[] { new { productCode = "LIC", description, quantity = 10, unitPrice = 100m, discountPercent = lineDiscount } },
        }, HttpStatusCode.Created);
    }

    private static Guid Id(JsonElement quote) => quote.GetProperty("id").GetGuid();

    private async Task<List<string>> OutboxPayloadsAsync(string eventName)
    {
        await using var scope = App.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        var sql = $"SELECT \"Payload\" AS \"Value\" FROM {TestDatabase.Table(db, "OutboxMessages")} WHERE \"Type\" LIKE {{0}}";
        return await db.Database.SqlQueryRaw<string>(sql, $"%{eventName}IntegrationEvent%").ToListAsync();
    }
}
