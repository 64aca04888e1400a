using System.Reflection;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Web;
using Crm.Host;
using Crm.Identity;
using Crm.Web.Composition;
using Crm.Workflows;
using Crm.Workflows.Designer;
using Scalar.AspNetCore;
using Serilog;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Find() });
builder.Configuration.AddPhaseOverlay(builder.Environment);
// The UI's files (MudBlazor, Crm.Web, module pages) live in their projects until publish copies them to wwwroot. The
// SDK serves them from there only in Development; this does it in every environment run from a build (tests run as
// "Testing"), and does nothing in a published app, which has no such manifest.
builder.WebHost.UseStaticWebAssets();
// Each host keeps its own logger (preserveStaticLogger): several hosts in one process — the tests' — would otherwise
// write through whichever one set the static logger last.
builder.Host.UseSerilog((context, services, logger) => logger
    .ReadFrom.Configuration(context.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext()
    .Enrich.With<CappedLogStrings>()
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
    preserveStaticLogger: true);

var modules = builder.Services.AddCrmModules(builder.Configuration,
    [.. ModuleCatalog.All, .. PluginCatalog.Discover(), .. ModuleCatalog.ForTests(builder.Configuration, builder.Environment)]);
if (builder.Configuration.GetValue<bool>("Demo:Seed"))
{
    // After every module's services, so the seeders run after the migrations (ADR 0068).
    builder.Services.AddDemoData(modules, DemoCatalog.All());
}

// The client's address behind a reverse proxy, from configured proxies only (docs/security.md).
builder.Services.AddCrmForwardedHeaders(builder.Configuration);

// Users, sign-in (cookie for people, API keys for integrations) and the authorisation policies every route uses.
builder.Services.AddCrmIdentity(builder.Configuration);

// The workflow server and its designer (/designer, API under /elsa/api). Its toolbox holds the activities of enabled
// modules and plugins only (plugins are modules found by type), so a disabled module's activities disappear.
var workflowsEnabled = builder.Configuration.GetValue("Workflows:Enabled", true);
if (workflowsEnabled)
{
    builder.Services.AddCrmWorkflows(builder.Configuration, modules.Enabled.Select(m => (m.GetType().Assembly, m.Name)));
}

// The web UI: the shell plus the pages of enabled modules (docs/ui.md).
builder.Services.AddCrmWeb(builder.Configuration, o => o.DesignerEnabled = workflowsEnabled);

// Security schemes, and problem-details answers on every operation (OpenApiDocumentation, ADR 0078).
builder.Services.AddCrmOpenApi();

// Traces and metrics over OTLP, only when OpenTelemetry:Otlp:Endpoint is set (docs/operations.md).
builder.Services.AddCrmTelemetry(builder.Configuration);


var app = builder.Build();

if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    // Production: apply migrations as a separate, deliberate step (`dotnet Crm.Host.dll migrate`), then exit.
    await app.Services.MigrateEnabledModulesAsync();
    app.Logger.LogInformation("Migrations applied for: {Modules}", string.Join(", ", app.Services.GetRequiredService<ModuleSelection>().Enabled.Select(m => m.Name)));
    return;
}

if (args.Contains("script", StringComparer.OrdinalIgnoreCase))
{
    // Writes each enabled module's idempotent migration script for the configured provider (no connection needed),
    // e.g. `dotnet run --project src/Crm.Host -- script --Database:Provider SqlServer --ConnectionStrings:Crm x --out sql`
    // (or PostgreSql).
    if (DatabaseOptions.From(app.Configuration).Provider == DatabaseProvider.Sqlite)
    {
        Console.Error.WriteLine("The script verb writes server scripts: run it with --Database:Provider SqlServer (or PostgreSql) --ConnectionStrings:Crm <any>. SQLite files migrate themselves at start-up or with the migrate verb.");
        Environment.ExitCode = 2;
        return;
    }

    var output = app.Configuration["out"] ?? "migration-scripts";
    Directory.CreateDirectory(output);
    foreach (var database in app.Services.GetServices<IModuleDatabase>())
    {
        var file = Path.Combine(output, $"{database.ModuleName.ToLowerInvariant()}.{database.Provider.ToString().ToLowerInvariant()}.sql");
        await File.WriteAllTextAsync(file, database.GenerateIdempotentScript());
        app.Logger.LogInformation("Wrote {File}", Path.GetFullPath(file));
    }

    return;
}

if (args.Contains("create-admin", StringComparer.OrdinalIgnoreCase))
{
    // The first administrator of a production installation:
    // `dotnet Crm.Host.dll create-admin --user admin --password '<password>' [--email a@b.c] [--name "Display Name"]`.
    // Read from the arguments themselves: through configuration, an environment variable such as USER would answer
    // for a missing --user.
    string? Arg(string name)
    {
        var i = Array.FindIndex(args, a => string.Equals(a, "--" + name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    var user = Arg("user");
    var password = Arg("password");
    if (string.IsNullOrWhiteSpace(user) || string.IsNullOrEmpty(password))
    {
        Console.Error.WriteLine("Usage: create-admin --user <name> --password <password> [--email <e-mail>] [--name <display name>]");
        Environment.ExitCode = 2;
        return;
    }

    // The user store must exist; only the identity database is migrated here.
    await app.Services.MigrateModuleAsync("Identity");
    var result = await IdentityCommands.CreateAdministratorAsync(app.Services, user, password, Arg("name"), Arg("email"));
    Console.WriteLine(result.Message);
    Environment.ExitCode = result.Created ? 0 : 1;
    return;
}

if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
{
    await app.Services.MigrateEnabledModulesAsync();
}

app.UseCrmForwardedHeaders();
// Request logging sits outside the exception handler so it logs the status the client got (409, 422...), not 500.
app.UseSerilogRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Page requests get the friendly error and not-found pages instead; the API keeps its problem details.
app.UseCrmWeb();
// Per-endpoint policies (the public web form, partitioned by address); endpoints without one are not limited.
app.UseRateLimiter();
app.UseCrmAuthentication();
if (workflowsEnabled)
{
    // After authentication: the designer's files are for process owners and administrators only.
    app.UseCrmDesigner(DesignerFolder.Candidates(app));
}

app.MapOpenApi().RequireAuthorization(CrmPolicies.SignedIn);
// No web fonts: installations are often offline, and the page must not call out to a CDN.
app.MapScalarApiReference("/scalar", o => o.WithTitle("Crm.Modular API").DisableDefaultFonts()).RequireAuthorization(CrmPolicies.SignedIn);
app.MapCrmIdentity();
app.MapCrmModules();
if (workflowsEnabled)
{
    app.MapCrmWorkflows();
}

app.MapCrmWeb();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "(no address)";
    app.Logger.LogInformation("Crm.Modular is running at {Addresses} (web UI at /, API reference at /scalar, modules at /api/modules)", addresses);
});

await app.RunAsync();
