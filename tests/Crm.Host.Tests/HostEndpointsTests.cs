using System.Net;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>The host's own endpoints: health, API description, the API reference and the web UI at the root.</summary>
public sealed class HostEndpointsTests : IClassFixture<HostEndpointsTests.App>
{
    private readonly HttpClient _client;

    public HostEndpointsTests(App app) => _client = app.CreateClient();

    [Fact]
    public async Task Health_is_Healthy()
    {
        var response = await (await _client.GetAsync("/health")).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_JSON_describing_the_Accounts_routes()
    {
        var response = await (await _client.GetAsync("/openapi/v1.json")).ShouldHave(HttpStatusCode.OK);
        var document = await response.ReadJson();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/accounts", paths);
        Assert.Contains("/api/modules", paths);
    }

    [Fact]
    public async Task Scalar_serves_the_API_reference_page()
    {
        var response = await (await _client.GetAsync("/scalar/v1")).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Root_is_the_web_UI_with_a_menu_entry_for_the_API_reference()
    {
        var response = await (await _client.GetAsync("/")).ShouldHave(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/scalar\"", html, StringComparison.Ordinal);
    }

    public sealed class App : IDisposable
    {
        private readonly CrmApp _app = new();

        public HttpClient CreateClient() => _app.CreateClient(new() { AllowAutoRedirect = false });

        public void Dispose() => _app.Dispose();
    }
}
