using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using static Crm.Workflows.Tests.Api.WorkflowApiFixture;

namespace Crm.Workflows.Tests.Api;

/// <summary>The designer's static files under /designer, the Workflows:Enabled switch, query parsing and the write guard.</summary>
public sealed class HostingTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    [Fact]
    public async Task Designer_pages_are_served_with_the_base_href_and_the_remote_endpoint()
    {
        foreach (var (url, element) in new[]
                 {
                     ("/designer/index.html", "elsa-workflow-definition-list"),
                     ("/designer", "elsa-workflow-definition-list"),
                     ("/designer/", "elsa-workflow-definition-list"),
                     ("/designer/editor.html?definitionId=x", "elsa-workflow-definition-editor"),
                     ("/designer/instances", "elsa-workflow-instance-list"),
                     ("/designer/instance.html?instanceId=x", "elsa-workflow-instance-viewer"),
                 })
        {
            var response = await (await fx.Client.GetAsync(url)).ShouldHave(HttpStatusCode.OK);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("<base href=\"/designer/\"/>", html, StringComparison.Ordinal);
            Assert.Contains(element, html, StringComparison.Ordinal);
            Assert.DoesNotContain("fonts.googleapis.com", html, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        var script = await (await fx.Client.GetAsync("/designer/crm-designer.js")).Content.ReadAsStringAsync();
        Assert.Contains("window.location.origin + \"/elsa/api\"", script, StringComparison.Ordinal);
        Assert.Contains("customElements.whenDefined", script, StringComparison.Ordinal);
    }

    [DesignerPackageFact]
    public async Task Package_files_are_served_with_their_MIME_types()
    {
        var framework = Path.Combine(DesignerPackageFactAttribute.PackageDirectory!, "_framework");
        var dat = Path.GetFileName(Directory.GetFiles(framework, "icudt*.dat").First());
        var wasm = Path.GetFileName(Directory.GetFiles(framework, "*.wasm").First());

        var datResponse = await (await fx.Client.GetAsync($"/designer/_framework/{dat}")).ShouldHave(HttpStatusCode.OK);
        var wasmResponse = await (await fx.Client.GetAsync($"/designer/_framework/{wasm}")).ShouldHave(HttpStatusCode.OK);
        var blazor = await (await fx.Client.GetAsync("/designer/_framework/blazor.webassembly.js")).ShouldHave(HttpStatusCode.OK);
        var css = await (await fx.Client.GetAsync("/designer/_content/MudBlazor/MudBlazor.min.css")).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("application/octet-stream", datResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/wasm", wasmResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/javascript", blazor.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [DesignerPackageFact]
    public async Task Precompressed_files_are_served_to_browsers_that_accept_brotli()
    {
        var framework = Path.Combine(DesignerPackageFactAttribute.PackageDirectory!, "_framework");
        var wasm = Path.GetFileName(Directory.GetFiles(framework, "*.wasm").First(f => File.Exists(f + ".br")));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/designer/_framework/{wasm}");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");

        var response = await (await fx.Client.SendAsync(request)).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new FileInfo(Path.Combine(framework, wasm + ".br")).Length, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [DesignerPackageFact]
    public async Task Our_index_page_replaces_the_packages_own()
    {
        var html = await (await fx.Client.GetAsync("/designer/index.html")).Content.ReadAsStringAsync();

        // The package's index.html uses an element that is no longer registered and renders nothing.
        Assert.DoesNotContain("elsa-studio-workflow-definition-editor", html, StringComparison.Ordinal);
        await (await fx.Client.GetAsync("/designer/appsettings.json")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Workflows_switched_off_means_no_API_no_designer_and_no_database()
    {
        using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?> { ["Workflows:Enabled"] = "false" });
        var client = app.CreateClient();

        await (await client.GetAsync($"{ApiBase}/descriptors/activities")).ShouldHave(HttpStatusCode.NotFound);
        await (await client.GetAsync("/designer/index.html")).ShouldHave(HttpStatusCode.NotFound);
        var modules = await (await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.DoesNotContain(modules.EnumerateArray(), m => m.Str("name") == "Workflows");
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "crm.workflows.db")));
    }

    [Fact]
    public async Task The_workflow_API_is_not_in_the_OpenAPI_document()
    {
        var document = await fx.GetJsonAsync("/openapi/v1.json");

        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/elsa", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task Writes_from_another_site_are_refused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ApiBase}/workflow-definitions") { Content = Json(new JsonObject { ["model"] = Model(NewDefinitionId()) }) };
        request.Headers.TryAddWithoutValidation(header, value);

        await (await fx.Client.SendAsync(request)).ShouldHave(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Writes_from_the_same_origin_and_cross_site_reads_are_allowed()
    {
        using var write = new HttpRequestMessage(HttpMethod.Post, $"{ApiBase}/workflow-definitions") { Content = Json(new JsonObject { ["model"] = Model(NewDefinitionId()) }) };
        write.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        write.Headers.TryAddWithoutValidation("Origin", fx.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var read = new HttpRequestMessage(HttpMethod.Get, $"{ApiBase}/descriptors/activities");
        read.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");

        await (await fx.Client.SendAsync(write)).ShouldHave(HttpStatusCode.OK);
        await (await fx.Client.SendAsync(read)).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public void Request_query_names_are_matched_case_insensitively_by_ASP_NET_Core_itself()
    {
        // What minimal APIs' [FromQuery] binding reads too; QueryReader adds its own fallback for other collections.
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?PageSize=5&DefinitionIds=a&DefinitionIds=b&IsSystem=False");

        Assert.Equal("5", context.Request.Query["pagesize"].ToString());
        Assert.Equal("a,b", context.Request.Query["DEFINITIONIDS"].ToString());
    }

    [Fact]
    public void Query_reader_matches_names_in_any_case_and_parses_Studios_values()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["PageSize"] = "5", ["DefinitionIds"] = new(["a", "b"]), ["IsSystem"] = "False", ["versionOptions"] = "" });
        var reader = new QueryReader(query);

        Assert.Equal(5, reader.Int("pagesize"));
        Assert.Equal(["a", "b"], reader.Strings("definitionIds"));
        Assert.False(reader.Bool("ISSYSTEM"));
        Assert.Null(reader.Int("Page"));
        Assert.Null(reader.VersionOptions());
    }
}

/// <summary>A fact that needs the npm package (installed by the host's build); skipped when it is absent, e.g. built with -p:CrmDesignerInstall=false.</summary>
public sealed class DesignerPackageFactAttribute : FactAttribute
{
    public DesignerPackageFactAttribute()
    {
        if (PackageDirectory is null)
        {
            Skip = "The designer npm package is not installed (the host's build runs npm ci in src/Crm.Host/designer).";
        }
    }

    public static string? PackageDirectory { get; } = Find();

    private static string? Find()
    {
        var source = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "CrmDesignerSourceDirectory")?.Value;
        var package = source is null ? null : Path.Combine(source, "node_modules", "@elsa-workflows", "elsa-studio-wasm");
        return package is not null && Directory.Exists(Path.Combine(package, "_framework")) ? package : null;
    }
}
