using System.Net;
using System.Text.Json;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>GET /api/modules and what "disabled" means for a module: no routes, no API description, no storage.</summary>
public sealed class ModulesEndpointTests
{
    [Fact]
    public async Task Modules_lists_enabled_Accounts_as_up_to_date_with_the_Initial_migration()
    {
        using var app = new CrmApp();
        var client = app.CreateClient();

        var accounts = await GetModule(client, "Accounts");

        Assert.True(accounts.GetProperty("enabled").GetBoolean());
        var migration = accounts.GetProperty("migration");
        Assert.Equal("UpToDate", migration.GetProperty("status").GetString());
        Assert.Equal("Sqlite", migration.GetProperty("provider").GetString());
        Assert.Contains(migration.GetProperty("applied").EnumerateArray(), m => m.GetString()!.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Empty(migration.GetProperty("pending").EnumerateArray());
    }

    [Fact]
    public async Task Modules_lists_every_catalog_module_and_plugin_with_its_Requires()
    {
        using var app = new CrmApp();
        var json = await (await app.CreateClient().GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);
        var modules = (await json.ReadJson()).EnumerateArray().Where(m => m.GetProperty("kind").GetString() != "Service").ToList();
        IReadOnlyList<Crm.BuildingBlocks.Modules.IModule> all = [.. ModuleCatalog.All, .. PluginCatalog.Discover()];

        Assert.Equal(all.Select(m => m.Name), modules.Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(all.Select(m => m is Crm.BuildingBlocks.Modules.IPlugin ? "Plugin" : "Module"), modules.Select(m => m.GetProperty("kind").GetString()));
        Assert.Contains("Notifications", modules.Select(m => m.GetProperty("name").GetString()));
        foreach (var module in all)
        {
            var listed = modules.Single(m => m.GetProperty("name").GetString() == module.Name);
            Assert.Equal(module.Requires, listed.GetProperty("requires").EnumerateArray().Select(r => r.GetString()));
        }
    }

    [Fact]
    public async Task Modules_lists_the_workflow_server_storage_after_the_modules()
    {
        using var app = new CrmApp();
        var workflows = await GetModule(app.CreateClient(), "Workflows");

        Assert.Equal("Service", workflows.GetProperty("kind").GetString());
        Assert.Equal("UpToDate", workflows.GetProperty("migration").GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "crm.workflows.db")));
    }

    [Fact]
    public async Task Disabled_Accounts_is_listed_as_Disabled()
    {
        using var app = new CrmApp(enabledModules: []);
        var accounts = await GetModule(app.CreateClient(), "Accounts");

        Assert.False(accounts.GetProperty("enabled").GetBoolean());
        Assert.Equal("Disabled", accounts.GetProperty("migration").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Disabled_Accounts_has_no_routes()
    {
        using var app = new CrmApp(enabledModules: []);
        var client = app.CreateClient();

        await (await client.GetAsync("/api/accounts")).ShouldHave(HttpStatusCode.NotFound);
        await (await client.PostAsync("/api/accounts", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Disabled_Accounts_is_absent_from_the_OpenAPI_document()
    {
        using var app = new CrmApp(enabledModules: []);
        var document = await (await (await app.CreateClient().GetAsync("/openapi/v1.json")).ShouldHave(HttpStatusCode.OK)).ReadJson();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/modules", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/accounts", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Disabled_Accounts_creates_no_database_file()
    {
        using var app = new CrmApp(enabledModules: []);
        var client = app.CreateClient();
        await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);
        await (await client.GetAsync("/health")).ShouldHave(HttpStatusCode.OK);

        Assert.Empty(Directory.GetFiles(app.DataDirectory, "crm.accounts.db*"));
    }

    [Fact]
    public async Task Enabled_Accounts_creates_its_own_database_file()
    {
        // The counterpart of the test above: proves the file name it looks for is the one the host really uses.
        using var app = new CrmApp();
        await (await app.CreateClient().GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);

        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "crm.accounts.db")));
    }

    private static async Task<JsonElement> GetModule(HttpClient client, string name)
    {
        var response = await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);
        var modules = await response.ReadJson();
        return modules.EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
    }
}
