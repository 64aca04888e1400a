using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.TestKit;

/// <summary>
/// The real host over real SQLite files in a fresh temporary folder, deleted on dispose. Only the modules named in
/// <c>enabledModules</c> are switched on (default: Accounts), as an implementer would configure a phase.
/// </summary>
public sealed class CrmApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public CrmApp(IEnumerable<string>? enabledModules = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _services = services;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = DataDirectory,
            ["Demo:Seed"] = "false",
            // Tests drive the outbox themselves (OutboxProcessor); the job still starts, but rarely fires.
            ["Outbox:PollingIntervalSeconds"] = "3600",
        };
        foreach (var module in Crm.Host.ModuleCatalog.All)
        {
            _settings[$"Modules:{module.Name}:Enabled"] = "false";
        }

        foreach (var module in enabledModules ?? ["Accounts"])
        {
            _settings[$"Modules:{module}:Enabled"] = "true";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The folder holding this app's SQLite files.</summary>
    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp folder behind; it must not fail the test run.
            }
        }
    }
}
