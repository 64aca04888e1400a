using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// <c>/health</c> checks every dependency on its own (docs/operations.md): each storage, the scheduler, SMTP when
/// configured. Anyone sees the overall status; administrators see which dependency is failing and why.
/// </summary>
public sealed class HealthDetailsTests
{
    [Fact]
    public async Task Administrators_see_one_healthy_check_per_database_and_the_running_scheduler()
    {
        using var app = new CrmApp(enabledModules: ["Accounts", "Funnel"]);
        using var admin = app.CreateClient();

        var health = await Details(admin);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var checks = Checks(health);
        foreach (var storage in new[] { "Accounts", "Funnel", "Identity", "Workflows", "Scheduler", "Notifications" })
        {
            var check = checks[$"database:{storage}"];
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            Assert.Equal("Sqlite", check.GetProperty("data").GetProperty("provider").GetString());
            Assert.Contains("database", check.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }

        Assert.Equal("Healthy", checks["scheduler"].GetProperty("status").GetString());
        Assert.True(checks["scheduler"].GetProperty("data").GetProperty("clustered").GetBoolean());
        // No SMTP host configured: nothing to check, and its absence must not make the installation unhealthy.
        Assert.False(checks.ContainsKey("smtp"));
        // A disabled module's storage is not a dependency of this installation.
        Assert.DoesNotContain(checks.Keys, k => k.Contains("Contracts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unmigrated_storage_makes_its_own_check_Degraded_and_names_the_pending_migrations()
    {
        // An installation that ran without Accounts; Accounts is now switched on, but nobody has run `migrate` yet.
        using var before = new CrmApp(enabledModules: []);
        before.CreateClient().Dispose();
        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = before.DataDirectory,
            ["Database:MigrateOnStartup"] = "false",
        });
        using var admin = app.CreateClient();

        var anonymous = await app.CreateAnonymousClient().GetAsync("/health");
        Assert.Equal("Degraded", await anonymous.Content.ReadAsStringAsync());

        var checks = Checks(await Details(admin, HttpStatusCode.OK));
        var accounts = checks["database:Accounts"];
        Assert.Equal("Degraded", accounts.GetProperty("status").GetString());
        Assert.Equal("Pending", accounts.GetProperty("data").GetProperty("migrations").GetString());
        Assert.True(accounts.GetProperty("data").GetProperty("pending").GetInt32() > 0);
        Assert.Contains("migration", accounts.GetProperty("description").GetString(), StringComparison.Ordinal);
        // The others are fine, and say so: the operator sees which storage needs attention.
        Assert.Equal("Healthy", checks["database:Identity"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["database:Workflows"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_details_are_for_administrators_and_implementers_only()
    {
        using var app = new CrmApp();

        // Not an API path, so a stranger is sent to the sign-in page like any page request, and sees no detail.
        var stranger = await app.CreateAnonymousClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/health/details");
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.Contains("/login", stranger.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await (await app.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales).GetAsync("/health/details")).ShouldHave(HttpStatusCode.Forbidden);
        await (await app.CreateClientAs(Guid.NewGuid(), CrmRoles.Implementer).GetAsync("/health/details")).ShouldHave(HttpStatusCode.OK);
        // The anonymous probe stays a single word: no module names or connection errors for strangers.
        var probe = await (await app.CreateAnonymousClient().GetAsync("/health")).ShouldHave(HttpStatusCode.OK);
        Assert.Equal("Healthy", await probe.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> Details(HttpClient client, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync("/health/details");
        // A Degraded report still answers 200 (only Unhealthy is 503), so load balancers keep the node.
        return await (await response.ShouldHave(expected)).ReadJson();
    }

    private static Dictionary<string, JsonElement> Checks(JsonElement health) =>
        health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
}
