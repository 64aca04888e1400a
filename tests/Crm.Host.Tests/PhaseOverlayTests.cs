using System.Net;
using Crm.BuildingBlocks.Modules;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// <c>Phase=&lt;name&gt;</c> adds <c>appsettings.&lt;name&gt;.json</c> on top of the host's settings, through the real
/// Program start-up (the test settings reach the overlay because WebApplicationFactory hands them to the builder).
/// </summary>
public sealed class PhaseOverlayTests
{
    [Fact]
    public async Task Phase1_overlay_switches_Accounts_on_over_the_base_settings()
    {
        // The test disables every module; only appsettings.Phase1.json can switch Accounts back on.
        using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?> { ["Phase"] = "Phase1" });
        var client = app.CreateClient();

        var modules = await (await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var accounts = modules.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Accounts");

        Assert.True(accounts.GetProperty("enabled").GetBoolean());
        await (await client.GetAsync("/api/accounts")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Phase1_switches_off_a_module_that_Development_settings_switch_on()
    {
        // As appsettings.Development.json does: Funnel on. Phase 1 does not name Funnel, so it must be off, and the
        // modules page must say so.
        using var app = new CrmApp(enabledModules: ["Accounts", "Funnel"], settings: new Dictionary<string, string?> { ["Phase"] = "Phase1" });
        var client = app.CreateClient();

        var modules = await (await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var funnel = modules.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Funnel");

        Assert.False(funnel.GetProperty("enabled").GetBoolean());
        await (await client.GetAsync("/api/funnel/leads")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Phase2_switches_Funnel_on_and_starts()
    {
        using var app = new CrmApp(enabledModules: [], settings: new Dictionary<string, string?> { ["Phase"] = "Phase2" });
        var client = app.CreateClient();

        await (await client.GetAsync("/api/funnel/leads")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public void A_phase_file_naming_an_unknown_module_stops_start_up_naming_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"appsettings.PhaseX-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Modules": { "Accounts": { "Enabled": true }, "Contracts": { "Enabled": true } } }""");
        try
        {
            var error = Assert.Throws<ModuleConfigurationException>(() => PhaseOverlay.ModulesOff("PhaseX", file, ["Accounts", "Funnel"]));

            Assert.Contains("'Contracts'", error.Message);
            Assert.Contains("Known modules: Accounts, Funnel", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unknown_phase_stops_start_up_naming_the_missing_file()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Phase"] = "Phase9" });

        var error = StartUp.Fails(app);

        Assert.Contains("Phase 'Phase9'", error.Message);
        Assert.Contains("appsettings.Phase9.json", error.Message);
    }
}
