using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Tests.Features;

/// <summary>The public lead form: real leads come in; bots, junk and floods do not.</summary>
public sealed class WebFormTests(WebFormTests.Fixture fixture) : IClassFixture<WebFormTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        // A high limit here; the flood test has its own host with a low one.
        public FunnelApp App { get; } = new(new Dictionary<string, string?> { ["Funnel:WebForm:PermitLimit"] = "1000", ["Funnel:WebForm:MinimumFillSeconds"] = "3" });

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Fact]
    public async Task A_person_filling_the_form_creates_a_website_lead()
    {
        var email = $"visitor{FunnelApp.Next()}@web.test";
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(20));

        var response = await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "Visitor", company = "Web Co", email, message = "Please call me", token });

        await response.ShouldHave(HttpStatusCode.Accepted);
        var lead = await FindAsync(email);
        Assert.NotNull(lead);
        Assert.Equal("WebForm", lead.Value.GetProperty("capturedVia").GetString());
        Assert.Equal("Website", lead.Value.GetProperty("source").GetString());
        Assert.Equal("Please call me", (await App.LeadAsync(lead.Value.GetProperty("id").GetGuid())).GetProperty("notes").GetString());
    }

    [Fact]
    public async Task A_plain_html_form_post_works_too()
    {
        var email = $"html{FunnelApp.Next()}@web.test";
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(20));

        var response = await App.Client.PostAsync("/api/public/leads", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Html Visitor", ["email"] = email, ["phone"] = "+86 21 6666 7777", ["token"] = token, ["website"] = "",
        }));

        await response.ShouldHave(HttpStatusCode.Accepted);
        Assert.NotNull(await FindAsync(email));
    }

    [Fact]
    public async Task A_filled_honeypot_is_accepted_silently_and_stores_nothing()
    {
        var email = $"bot{FunnelApp.Next()}@web.test";
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(20));

        var response = await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "Bot", email, token, website = "http://spam.example" });

        await response.ShouldHave(HttpStatusCode.Accepted);
        Assert.Null(await FindAsync(email));
    }

    [Fact]
    public async Task A_form_sent_faster_than_a_person_can_type_is_dropped()
    {
        var email = $"fast{FunnelApp.Next()}@web.test";
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        var response = await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "Fast", email, token });

        await response.ShouldHave(HttpStatusCode.Accepted);
        Assert.Null(await FindAsync(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged-token")]
    public async Task A_missing_or_forged_token_is_a_field_error(string? token)
    {
        var response = await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "No token", email = $"nt{FunnelApp.Next()}@web.test", token });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("token", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task An_expired_token_is_a_field_error()
    {
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromHours(3));

        var response = await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "Late", email = $"late{FunnelApp.Next()}@web.test", token });

        await response.ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_fields_are_field_errors()
    {
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(20));

        var response = await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "", email = "not an address", message = new string('x', 3000), token });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Contains("name", errors.Keys);
        Assert.Contains("email", errors.Keys);
        Assert.Contains("message", errors.Keys);
    }

    [Fact]
    public async Task A_message_full_of_links_is_dropped()
    {
        var email = $"links{FunnelApp.Next()}@web.test";
        var token = await TokenAsync(App);
        App.Clock.Advance(TimeSpan.FromSeconds(20));

        var response = await App.Client.PostAsJsonAsync("/api/public/leads",
            new { name = "Seo", email, message = "http://a.example https://b.example www.c.example cheap", token });

        await response.ShouldHave(HttpStatusCode.Accepted);
        Assert.Null(await FindAsync(email));
    }

    [Fact]
    public async Task The_same_person_again_adds_a_note_to_their_open_lead_instead_of_a_second_lead()
    {
        var email = $"again{FunnelApp.Next()}@web.test";
        for (var i = 0; i < 2; i++)
        {
            var token = await TokenAsync(App);
            App.Clock.Advance(TimeSpan.FromSeconds(20));
            await (await App.Client.PostAsJsonAsync("/api/public/leads", new { name = "Again", email, message = $"Message {i}", token })).ShouldHave(HttpStatusCode.Accepted);
        }

        var leads = await App.GetAsync($"/api/funnel/leads?search={Uri.EscapeDataString(email)}");
        var lead = Assert.Single(leads.GetProperty("items").EnumerateArray());
        var log = await App.GetAsync($"/api/funnel/leads/{lead.GetProperty("id").GetGuid()}/follow-ups");
        Assert.Contains("Message 1", Assert.Single(log.GetProperty("items").EnumerateArray()).GetProperty("summary").GetString());
        Assert.Equal("New", lead.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused()
    {
        var body = new StringContent("{\"name\":\"" + new string('x', 20_000) + "\"}", Encoding.UTF8, "application/json");

        var response = await App.Client.PostAsync("/api/public/leads", body);

        await response.ShouldHave(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        var response = await App.Client.PostAsync("/api/public/leads", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));

        await response.ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void The_form_routes_are_anonymous_and_rate_limited()
    {
        var endpoints = App.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/public/leads", StringComparison.Ordinal) == true)
            .ToList();

        Assert.Equal(2, endpoints.Count);
        Assert.All(endpoints, e =>
        {
            Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.NotNull(e.Metadata.GetMetadata<EnableRateLimitingAttribute>());
        });
    }

    [Fact]
    public async Task Flooding_from_one_address_gets_429_with_retry_after_and_stores_only_what_was_allowed()
    {
        using var app = new FunnelApp(new Dictionary<string, string?>
        {
            ["Funnel:WebForm:PermitLimit"] = "3", ["Funnel:WebForm:WindowSeconds"] = "3600", ["Funnel:WebForm:RequireToken"] = "false",
        });
        var statuses = new List<HttpStatusCode>();
        var prefix = $"flood{FunnelApp.Next()}";
        for (var i = 0; i < 6; i++)
        {
            var response = await app.Client.PostAsJsonAsync("/api/public/leads", new { name = "Flood", email = $"{prefix}.{i}@web.test" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null || response.Headers.Contains("Retry-After"));
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var stored = await app.GetAsync($"/api/funnel/leads?search={prefix}&pageSize=50");
        Assert.Equal(3, stored.GetProperty("items").GetArrayLength());
        // Staff routes are not limited by the form's policy.
        await (await app.Client.GetAsync("/api/funnel/leads")).ShouldHave(HttpStatusCode.OK);
    }

    private static async Task<string> TokenAsync(FunnelApp app) =>
        (await app.GetAsync("/api/public/leads/form-token")).GetProperty("token").GetString()!;

    private async Task<JsonElement?> FindAsync(string email)
    {
        var list = await App.GetAsync($"/api/funnel/leads?search={Uri.EscapeDataString(email)}");
        return list.GetProperty("items").EnumerateArray().Select(e => (JsonElement?)e).FirstOrDefault();
    }
}
