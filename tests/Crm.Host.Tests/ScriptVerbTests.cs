using System.Diagnostics;
using System.Text;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The <c>script</c> verb as an operator runs it: the built Crm.Host.dll in its own process (WebApplicationFactory
/// never reaches the verb, because it replaces the server and the run loop).
/// </summary>
public sealed class ScriptVerbTests : IDisposable
{
    // A cap, not a measurement: the verb needs seconds, but a machine shared by several builds has taken over two minutes.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string _output = Path.Combine(Path.GetTempPath(), "crm-tests", "scripts-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Script_verb_writes_an_idempotent_SQL_Server_script_per_enabled_module()
    {
        var (exitCode, log) = await RunHostAsync(
            "script", "--Database:Provider", "SqlServer", "--ConnectionStrings:Crm", "x", "--Outbox:Enabled", "false", "--out", _output);

        Assert.True(exitCode == 0, $"Crm.Host script exited with {exitCode}:{Environment.NewLine}{log}");
        var file = Path.Combine(_output, "accounts.sqlserver.sql");
        Assert.True(File.Exists(file), $"{file} was not written:{Environment.NewLine}{log}");
        var script = await File.ReadAllTextAsync(file);
        Assert.Contains("CREATE TABLE [accounts].[", script);
        Assert.Contains("IF NOT EXISTS", script);

        // The scheduler's Quartz tables are part of what a DBA runs (ADR 0017).
        var scheduler = await File.ReadAllTextAsync(Path.Combine(_output, "scheduler.sqlserver.sql"));
        Assert.Contains("CREATE TABLE [scheduler].[QRTZ_TRIGGERS] (", scheduler);
    }

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public async Task Every_server_providers_Funnel_migrations_insert_the_default_pipeline(string provider)
    {
        // SQLite gets it from the same hand-written call in its Initial migration (every Funnel test relies on it); a
        // migration set generated for a new provider without that call left PostgreSQL with no pipeline at all.
        var (exitCode, log) = await RunHostAsync(
            "script", "--Database:Provider", provider, "--ConnectionStrings:Crm", "Host=x;Database=x", "--Outbox:Enabled", "false",
            "--Modules:Accounts:Enabled", "true", "--Modules:Funnel:Enabled", "true", "--out", _output);

        Assert.True(exitCode == 0, $"Crm.Host script exited with {exitCode}:{Environment.NewLine}{log}");
        var script = await File.ReadAllTextAsync(Path.Combine(_output, $"funnel.{provider.ToLowerInvariant()}.sql"));
        Assert.Contains("f0000000-0000-4000-8000-000000000001", script, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Negotiation", script);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    internal static async Task<(int ExitCode, string Log)> RunHostAsync(params string[] args)
    {
        // The test project references Crm.Host, so the build puts Crm.Host.dll with its runtimeconfig, deps and
        // appsettings next to this assembly; it is started from there, as `dotnet Crm.Host.dll` is in production.
        var directory = AppContext.BaseDirectory;
        var host = Path.Combine(directory, "Crm.Host.dll");
        Assert.True(File.Exists(host), $"{host} not found; build the test project.");

        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A developer's ASPNETCORE_ENVIRONMENT must not change which settings files the child reads.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Crm.Host script did not finish within {Timeout}:{Environment.NewLine}{log}");
        }

        // The parameterless wait flushes the redirected output into the log.
        await process.WaitForExitAsync();
        return (process.ExitCode, log.ToString());
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>The dotnet muxer running this test (testhost runs under it), so the child uses the same SDK/runtime.</summary>
    private static string DotnetExecutable()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
