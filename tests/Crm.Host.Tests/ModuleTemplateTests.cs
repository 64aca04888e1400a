using System.Diagnostics;
using System.Text;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// The crm-module template (templates/crm-module, ADR 0096) makes a module that works: installed with
/// <c>dotnet new install</c> into a private template store, instantiated in a git-ignored folder inside the repository
/// (so Directory.Build.props and the central package versions apply), built, and its own tests run, which register
/// the new module in the test host (<c>CrmApp(extraModules:)</c>), migrate it at start-up and call its endpoints.
/// Builds only the three new projects: the repository's projects are built already (this project depends on the host).
/// </summary>
[Trait("Category", "Template")]
public sealed class ModuleTemplateTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_module_made_from_the_template_builds_migrates_and_answers_on_its_endpoint()
    {
        var root = RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "template-tests", Guid.NewGuid().ToString("N")[..8]);
        var hive = Path.Combine(work, ".templates");
        Directory.CreateDirectory(work);

        await RunAsync(root, "dotnet", "new", "install", Path.Combine(root, "templates", "crm-module"), "--debug:custom-hive", hive);
        await RunAsync(work, "dotnet", "new", "crm-module", "-n", "Parcel", "-o", work, "--debug:custom-hive", hive);

        var module = Path.Combine(work, "modules", "Parcel");
        Assert.True(File.Exists(Path.Combine(module, "README.md")));
        Assert.Contains("class ParcelModule", await File.ReadAllTextAsync(Path.Combine(module, "Crm.Parcel", "ParcelModule.cs")));
        Assert.Contains("\"parcel\"", await File.ReadAllTextAsync(Path.Combine(module, "Crm.Parcel", "Persistence", "ParcelDbContext.cs")));
        foreach (var provider in new[] { "Sqlite", "PostgreSql", "SqlServer" })
        {
            var set = Path.Combine(module, "Crm.Parcel", "Persistence", "Migrations", provider);
            Assert.Contains(Directory.EnumerateFiles(set), f => f.EndsWith($"Parcel{provider}DbContextModelSnapshot.cs", StringComparison.Ordinal));
        }

        // The repository's projects are up to date (this test project is built on them); only the new ones compile.
        foreach (var project in new[]
                 {
                     Path.Combine(module, "Crm.Parcel.PublicApi", "Crm.Parcel.PublicApi.csproj"),
                     Path.Combine(module, "Crm.Parcel", "Crm.Parcel.csproj"),
                     Path.Combine(work, "tests", "Crm.Parcel.Tests", "Crm.Parcel.Tests.csproj"),
                 })
        {
            await RunAsync(work, "dotnet", "build", project, "-p:BuildProjectReferences=false", "-p:CrmDesignerInstall=false", "-nologo", "-v", "q");
        }

        var output = await RunAsync(work, "dotnet", "test", Path.Combine(work, "tests", "Crm.Parcel.Tests", "Crm.Parcel.Tests.csproj"), "--no-build", "-nologo");

        Assert.Contains("Passed!", output, StringComparison.Ordinal);
        Assert.Contains("Failed:     0", output, StringComparison.Ordinal);
        Directory.Delete(work, recursive: true);
    }

    private static async Task<string> RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The template test must not ask the user anything, nor send telemetry from the test machine.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.Modular.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Crm.Modular.sln not found above " + AppContext.BaseDirectory);
    }
}
