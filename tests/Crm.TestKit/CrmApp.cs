using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.TestKit;

/// <summary>
/// The real host over real SQLite files in a fresh temporary folder, deleted on dispose; in the PostgreSQL lane
/// (<see cref="TestDatabase.OnPostgreSql"/>) over a fresh PostgreSQL database, dropped on dispose. Only the modules
/// named in <c>enabledModules</c> are switched on (default: Accounts), as an implementer would configure a phase.
/// </summary>
/// <remarks>
/// Every route needs a signed-in caller. <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> therefore acts as
/// an Administrator (<see cref="TestAuthentication.AdministratorId"/>) through the test-only header scheme;
/// <see cref="CreateClientAs"/> acts as anyone, <see cref="CreateAnonymousClient"/> as nobody (for 401s, and for real
/// sign-ins with a cookie or an API key).
/// </remarks>
public sealed class CrmApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    // As Development does: every registered service must be constructible when the host is built.
    private readonly bool _validateServices;

    /// <param name="extraModules">
    /// Modules outside <see cref="Crm.Host.ModuleCatalog"/> (one made from the crm-module template), switched on; the host
    /// creates them from their type (<c>ModuleCatalog.ForTests</c>).
    /// </param>
    public CrmApp(
        IEnumerable<string>? enabledModules = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        IEnumerable<Crm.BuildingBlocks.Modules.IModule>? extraModules = null,
        bool validateServices = false)
    {
        _validateServices = validateServices;
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
            // Tests sign in far more often than people do, all from one address; the limit tests set their own.
            ["Identity:SignIn:PerAddressPermitLimit"] = "100000",
            ["Identity:SignIn:PerUserNamePermitLimit"] = "100000",
            // Hundreds of short-lived test hosts: warming each up would only move the work; WarmUpTests switch it on.
            ["Host:WarmUp"] = "false",
        };
        foreach (var module in Crm.Host.ModuleCatalog.All)
        {
            _settings[$"Modules:{module.Name}:Enabled"] = "false";
        }

        foreach (var module in enabledModules ?? ["Accounts"])
        {
            _settings[$"Modules:{module}:Enabled"] = "true";
        }

        foreach (var (index, module) in (extraModules ?? []).Index())
        {
            _settings[$"Testing:Modules:{index}"] = module.GetType().AssemblyQualifiedName;
            _settings[$"Modules:{module.Name}:Enabled"] = "true";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // A test that names its own provider (the SQL Server script tests, SQLite file checks) keeps it.
        if (TestDatabase.OnPostgreSql && settings?.ContainsKey("Database:Provider") != true)
        {
            PostgreSqlDatabase = TestDatabase.CreatePostgreSqlDatabase();
            _settings["Database:Provider"] = "PostgreSql";
            _settings["ConnectionStrings:Crm"] = PostgreSqlDatabase;
        }
    }

    /// <summary>The connection string of this app's own PostgreSQL database in the PostgreSQL lane, otherwise null.</summary>
    public string? PostgreSqlDatabase { get; }

    /// <summary>The folder holding this app's SQLite files.</summary>
    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_validateServices)
        {
            builder.UseDefaultServiceProvider(o =>
            {
                o.ValidateOnBuild = true;
                o.ValidateScopes = true;
            });
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            TestAuthentication.Register(services);

            // Password hashing is deliberately slow (100,000 PBKDF2 rounds); tests create and sign in many users, and
            // the round count is stored in each hash, so fewer rounds change nothing but the time.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>Every client of this factory starts as the test Administrator.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.ActAs(TestAuthentication.AdministratorId, CrmRoles.Administrator);
    }

    /// <summary>A client acting as <paramref name="userId"/> with <paramref name="roles"/> (no roles: signed in, nothing more).</summary>
    public HttpClient CreateClientAs(Guid userId, params string[] roles) => CreateClient().ActAs(userId, roles);

    /// <summary>A client without any identity; it keeps cookies, so a real sign-in through it sticks.</summary>
    public HttpClient CreateAnonymousClient(WebApplicationFactoryClientOptions? options = null) =>
        (options is null ? CreateClient() : CreateClient(options)).AsAnonymous();

    /// <summary>
    /// Creates a real user through the administration API (as the test Administrator) and returns its id; the user can
    /// then sign in with <paramref name="password"/>, or be impersonated with <see cref="CreateClientAs"/>.
    /// </summary>
    public async Task<Guid> CreateUserAsync(
        string userName, string password = TestPassword, string[]? roles = null, Guid? branchId = null, Guid? managerId = null, string? displayName = null)
    {
        using var admin = CreateClient();
        var response = await admin.PostAsJsonAsync("/api/users", new
        {
            userName,
            displayName = displayName ?? userName,
            password,
            roles = roles ?? [],
            branchId,
            managerId,
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating user {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A password that passes the default rules (length 8, upper, lower, digit, symbol).</summary>
    public const string TestPassword = "Test#Pass1";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            if (PostgreSqlDatabase is not null)
            {
                TestDatabase.DropPostgreSqlDatabase(PostgreSqlDatabase);
            }

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
