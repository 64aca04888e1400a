using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Issue 12.26: <c>/openapi/v1.json</c> as a generated client reads it, with every module and the workflow server on:
/// security schemes declared and applied, a 2xx and a problem-details 4xx answer on every operation, and clean under
/// Redocly CLI's recommended rules.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Document>
{
    private readonly Document _document;

    public OpenApiDocumentTests(Document document) => _document = document;

    private JsonElement Root => _document.Root;

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations =>
        Root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch")
            .Select(o => (path.Name, o.Name, o.Value)));

    [Fact]
    public void The_cookie_and_the_API_key_are_declared_as_security_schemes()
    {
        var schemes = Root.GetProperty("components").GetProperty("securitySchemes");

        var cookie = schemes.GetProperty("cookie");
        Assert.Equal("apiKey", cookie.GetProperty("type").GetString());
        Assert.Equal("cookie", cookie.GetProperty("in").GetString());
        Assert.Equal("crm.auth", cookie.GetProperty("name").GetString());
        var apiKey = schemes.GetProperty("apiKey");
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());
    }

    [Fact]
    public void Operations_behind_sign_in_accept_either_scheme_and_public_ones_none()
    {
        var offenders = new List<string>();
        foreach (var (path, method, operation) in Operations)
        {
            var schemes = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToHashSet()
                : [];
            var isPublic = IsPublic(path);
            if (isPublic ? schemes.Count != 0 : !schemes.SetEquals(["cookie", "apiKey"]))
            {
                offenders.Add($"{method.ToUpperInvariant()} {path}: [{string.Join(", ", schemes)}]");
            }
        }

        Assert.True(Operations.Count() > 50, "Too few operations: not every module is on.");
        Assert.True(offenders.Count == 0, "Wrong security:\n" + string.Join("\n", offenders));
    }

    /// <summary>The routes anyone may call: the public web form (ADR 0032) and signing in and out.</summary>
    private static bool IsPublic(string path) =>
        path.StartsWith("/api/public/", StringComparison.Ordinal) || path is "/api/auth/login" or "/api/auth/logout";

    /// <summary>
    /// Issue 12.26: every operation says what it answers on success, so a generated client gets a typed result: a 2xx
    /// with a typed body (a schema with a type, a reference or a composition), or 204 No Content. An operation with only
    /// a bare "200 OK" (an untyped <c>IResult</c>), or a 2xx with a body but no schema, fails here.
    /// </summary>
    [Fact]
    public void Every_operation_describes_a_typed_2xx_body_or_204()
    {
        var offenders = new List<string>();
        foreach (var (path, method, operation) in Operations)
        {
            var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            var typed = successes.Any(r => r.Name == "204" || (r.Value.TryGetProperty("content", out var content)
                && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out var schema) && IsTyped(schema))));
            if (!typed)
            {
                offenders.Add($"{method.ToUpperInvariant()} {path}: [{string.Join(", ", successes.Select(r => r.Name))}]");
            }
        }

        Assert.True(offenders.Count == 0, $"{offenders.Count} operations without a typed 2xx answer:\n" + string.Join("\n", offenders));
    }

    private static bool IsTyped(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && (schema.TryGetProperty("type", out _) || schema.TryGetProperty("$ref", out _)
            || schema.TryGetProperty("oneOf", out _) || schema.TryGetProperty("anyOf", out _) || schema.TryGetProperty("allOf", out _));

    /// <summary>
    /// A 4xx answer is required wherever the client can cause one: behind sign-in (401/403) or with input (400).
    /// Signing out (anonymous, no input) cannot fail; every 4xx listed is problem details.
    /// </summary>
    [Fact]
    public void Every_operation_that_can_fail_documents_problem_details_4xx_answers()
    {
        var offenders = new List<string>();
        foreach (var (path, method, operation) in Operations)
        {
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var problems = responses.Where(r => r.Name.StartsWith('4')).ToList();
            var canFail = !IsPublic(path) || operation.TryGetProperty("parameters", out _) || operation.TryGetProperty("requestBody", out _);
            if ((canFail && problems.Count == 0) || problems.Any(r => !r.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any(c => c.Name == "application/problem+json")))
            {
                offenders.Add($"{method.ToUpperInvariant()} {path}: 4xx answers missing or not problem details");
            }
        }

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>
    /// Redocly CLI (tools/openapi-lint, pinned with its lockfile) with the recommended rule set: no errors. Skipped where
    /// npm is missing, except in CI, where it must run.
    /// </summary>
    [NodeFact]
    public async Task The_document_is_clean_under_Redocly_recommended_rules()
    {
        var tool = Path.Combine(Repository.Root, "tools", "openapi-lint");
        if (!File.Exists(Path.Combine(tool, "node_modules", ".bin", "redocly")))
        {
            var (installed, installOutput) = await RunAsync("npm", "ci --no-audit --no-fund", tool);
            Assert.True(installed == 0, "npm ci in tools/openapi-lint failed:\n" + installOutput);
        }

        var file = Path.Combine(Path.GetTempPath(), $"crm-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, _document.Text);
        try
        {
            var (exit, output) = await RunAsync(Path.Combine(tool, "node_modules", ".bin", "redocly"), $"lint --extends=recommended --format=stylish \"{file}\"", tool);
            Assert.True(exit == 0, "Redocly lint found errors:\n" + output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string arguments, string folder)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No telemetry or update check: CI is offline apart from the package registries.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The document of a host with every module on (and the workflow server, which is on by default).</summary>
    public sealed class Document : IAsyncLifetime
    {
        private readonly CrmApp _app = new(Crm.Host.ModuleCatalog.All.Select(m => m.Name));

        public string Text { get; private set; } = "";

        public JsonElement Root { get; private set; }

        public async Task InitializeAsync()
        {
            using var client = _app.CreateClient();
            var response = await (await client.GetAsync("/openapi/v1.json")).ShouldHave(HttpStatusCode.OK);
            Text = await response.Content.ReadAsStringAsync();
            Root = JsonDocument.Parse(Text).RootElement;
        }

        public async Task DisposeAsync() => await _app.DisposeAsync();
    }
}

/// <summary>A test that needs Node.js and npm: skipped where npm is missing, except in CI (CI=true), where it must run.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) && !OnPath("npm"))
        {
            Skip = "npm is not installed (apt-get install -y nodejs npm).";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, tool)));
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.Modular.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Crm.Modular.sln not found above " + AppContext.BaseDirectory);
    }
}
