using System.Net;
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
    public void Unknown_phase_stops_start_up_naming_the_missing_file()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Phase"] = "Phase9" });

        var error = StartUp.Fails(app);

        Assert.Contains("Phase 'Phase9'", error.Message);
        Assert.Contains("appsettings.Phase9.json", error.Message);
    }
}
