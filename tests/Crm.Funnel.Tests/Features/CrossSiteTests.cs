using System.Net;
using System.Net.Http.Json;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// The one cross-site write check of the APIs (docs/security.md "Cross-site requests"): a signed-in browser's
/// state-changing request that another site sent is refused before it reaches the route, including a bodiless POST
/// that needs no CORS preflight; same-origin requests, API-key requests and the anonymous public form are not its business.
/// </summary>
public sealed class CrossSiteTests(CrossSiteTests.Fixture fixture) : IClassFixture<CrossSiteTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_bodiless_POST_from_another_site_is_refused_and_changes_nothing(string header, string value)
    {
        var lead = await App.CreateLeadAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funnel/leads/{lead}/qualify");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await (await App.Client.SendAsync(request)).ShouldHave(HttpStatusCode.Forbidden);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Cross-site request refused", (await response.ReadJson()).GetProperty("title").GetString());
        var unchanged = await (await App.Client.GetAsync($"/api/funnel/leads/{lead}")).ShouldHave(HttpStatusCode.OK);
        Assert.Equal("New", (await unchanged.ReadJson()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_POST_from_this_site_goes_through()
    {
        var lead = await App.CreateLeadAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funnel/leads/{lead}/qualify");
        request.Headers.TryAddWithoutValidation("Origin", App.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        var response = await (await App.Client.SendAsync(request)).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("Qualified", (await response.ReadJson()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reads_API_keys_and_the_public_form_are_outside_the_check()
    {
        var lead = await App.CreateLeadAsync();
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/funnel/leads/{lead}");
        read.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        await (await App.Client.SendAsync(read)).ShouldHave(HttpStatusCode.OK);

        // An API key carries no ambient cookie: authentication answers it (here: an unknown key), not the cross-site check.
        using var anonymous = App.App.CreateAnonymousClient();
        using var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/funnel/leads/{lead}/qualify");
        keyed.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        keyed.Headers.TryAddWithoutValidation("X-Api-Key", "crm_not-a-real-key");
        await (await anonymous.SendAsync(keyed)).ShouldHave(HttpStatusCode.Unauthorized);

        // The public web form is meant to be posted from the organisation's own web site.
        using var form = new HttpRequestMessage(HttpMethod.Post, "/api/public/leads") { Content = JsonContent.Create(new { name = "Visitor" }) };
        form.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        var answer = await anonymous.SendAsync(form);
        Assert.NotEqual(HttpStatusCode.Forbidden, answer.StatusCode);
    }
}
