using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Loader;
using Crm.TestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Issue 12.26: a typed .NET client generated from <c>/openapi/v1.json</c> by Kiota (the local tool in
/// dotnet-tools.json), compiled here with Roslyn, signs in with an API key and calls routes of identity, the host and
/// a module. It can only send the key because the document declares the scheme, and only raises a typed problem for a
/// 401 because the operation documents it.
/// </summary>
[Trait("Category", "GeneratedClient")]
public sealed class GeneratedClientTests
{
    private static readonly string[] Routes = ["/api/auth/me", "/api/modules", "/api/accounts", "/api/accounts/{id}"];

    [Fact]
    public async Task A_Kiota_client_generated_from_the_document_signs_in_with_an_API_key_and_calls_routes()
    {
        using var app = new CrmApp(["Accounts"]);
        using var admin = app.CreateClient();
        var document = await (await admin.GetAsync("/openapi/v1.json")).ShouldHave(HttpStatusCode.OK);
        var userId = await app.CreateUserAsync("erp-" + Guid.NewGuid().ToString("N")[..8], roles: ["Administrator"]);
        var key = (await (await (await admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "Generated client" })).ShouldHave(HttpStatusCode.Created)).ReadJson())
            .GetProperty("key").GetString()!;
        var created = (await (await (await admin.PostAsJsonAsync("/api/accounts", new { name = "Generated Client Ltd", kind = "Company" })).ShouldHave(HttpStatusCode.Created)).ReadJson())
            .GetProperty("id").GetGuid();

        var folder = Path.Combine(Path.GetTempPath(), "crm-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var spec = Path.Combine(folder, "openapi.json");
            await File.WriteAllTextAsync(spec, await document.Content.ReadAsStringAsync());
            var assembly = Compile(await GenerateAsync(spec, Path.Combine(folder, "client")));
            var clientType = assembly.GetType("Crm.Generated.CrmClient", throwOnError: true)!;

            // Kiota's API-key provider refuses plain http; the test server answers any scheme.
            using var http = app.CreateAnonymousClient(new() { BaseAddress = new Uri("https://localhost/") });
            dynamic crm = Activator.CreateInstance(clientType, Adapter(http, key))!;

            dynamic me = await crm.Api.Auth.Me.GetAsync();
            Assert.Equal(userId, (Guid?)me.UserId);

            dynamic modules = await crm.Api.Modules.GetAsync();
            Assert.Contains("Accounts", ((IEnumerable<dynamic>)modules).Select(m => (string)m.Name));

            dynamic account = await crm.Api.Accounts[created].GetAsync();
            Assert.Equal("Generated Client Ltd", (string)account.Name);

            // A wrong key: the generated client raises the documented problem, typed, with its status.
            dynamic stranger = Activator.CreateInstance(clientType, Adapter(http, "crm_nothing_wrong"))!;
            var refused = await Assert.ThrowsAnyAsync<ApiException>(async () => await stranger.Api.Auth.Me.GetAsync());
            Assert.Equal(401, refused.ResponseStatusCode);
            // Kiota makes a typed error class for the documented 401 problem answer (e.g. ProfileResponse401Error).
            Assert.Same(assembly, refused.GetType().Assembly);
            Assert.EndsWith("401Error", refused.GetType().Name, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HttpClientRequestAdapter Adapter(HttpClient http, string key) =>
        new(new ApiKeyAuthenticationProvider(key, "X-Api-Key", ApiKeyAuthenticationProvider.KeyLocation.Header, http.BaseAddress!.Host), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };

    private static async Task<string> GenerateAsync(string spec, string output)
    {
        var arguments = new List<string>
        {
            "kiota", "generate", "--language", "CSharp", "--openapi", spec, "--output", output,
            "--class-name", "CrmClient", "--namespace-name", "Crm.Generated", "--exclude-backward-compatible", "--clean-output",
        };
        foreach (var route in Routes)
        {
            arguments.AddRange(["--include-path", route]);
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kiota generate failed (run `dotnet tool restore`):\n{await stdout}\n{await stderr}");
        return output;
    }

    /// <summary>Compiles the generated sources against the test's own references (Kiota's libraries among them).</summary>
    private static Assembly Compile(string folder)
    {
        // Kiota guards nullable annotations with the SDK's target-framework symbols.
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["NET", "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER", "NET5_0_OR_GREATER"]);
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        _ = new[] { typeof(RequestInformation), typeof(HttpClientRequestAdapter), typeof(Microsoft.Kiota.Serialization.Json.JsonParseNodeFactory),
            typeof(Microsoft.Kiota.Serialization.Text.TextParseNodeFactory), typeof(Microsoft.Kiota.Serialization.Form.FormParseNodeFactory),
            typeof(Microsoft.Kiota.Serialization.Multipart.MultipartSerializationWriterFactory) };
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location))
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Crm.Generated.Client." + Guid.NewGuid().ToString("N"), trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, "The generated client does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }
}
