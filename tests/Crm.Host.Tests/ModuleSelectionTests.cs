using Crm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Start-up validation of <c>Modules:&lt;Name&gt;:Enabled</c> and <c>Requires</c>, through the real
/// <see cref="ModuleSelection.Resolve"/> and the real <c>AddCrmModules</c> the host calls. Fake modules stand in for
/// modules that do not exist yet (e.g. Funnel requiring Accounts).
/// </summary>
public sealed class ModuleSelectionTests
{
    [Fact]
    public void Missing_required_module_stops_Resolve_naming_the_flag_to_set()
    {
        var catalog = new[] { new FakeModule("Accounts"), new FakeModule("Funnel", "Accounts") };
        var configuration = Configuration(("Accounts", false), ("Funnel", true));

        var error = Assert.Throws<ModuleConfigurationException>(() => ModuleSelection.Resolve(catalog, configuration));

        Assert.Contains("Modules:Accounts:Enabled=true", error.Message);
        Assert.Contains("'Funnel'", error.Message);
    }

    [Fact]
    public void Missing_required_module_stops_AddCrmModules_before_any_module_registers()
    {
        var accounts = new FakeModule("Accounts");
        var funnel = new FakeModule("Funnel", "Accounts");
        var builder = Builder(("Accounts", false), ("Funnel", true));

        var error = Assert.Throws<ModuleConfigurationException>(() => builder.Services.AddCrmModules(builder.Configuration, [accounts, funnel]));

        Assert.Contains("Modules:Accounts:Enabled=true", error.Message);
        Assert.False(funnel.Registered);
    }

    [Fact]
    public void Module_without_an_Enabled_key_is_off()
    {
        var catalog = new[] { new FakeModule("Accounts"), new FakeModule("Funnel", "Accounts") };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Modules:Funnel:Enabled"] = "true" }).Build();

        var error = Assert.Throws<ModuleConfigurationException>(() => ModuleSelection.Resolve(catalog, configuration));

        Assert.Contains("Modules:Accounts:Enabled=true", error.Message);
    }

    [Fact]
    public void Unknown_required_module_stops_start_up_naming_it()
    {
        var catalog = new[] { new FakeModule("Accounts"), new FakeModule("Funnel", "Billing") };
        var builder = Builder(("Accounts", true), ("Funnel", true));

        var error = Assert.Throws<ModuleConfigurationException>(() => builder.Services.AddCrmModules(builder.Configuration, catalog));

        Assert.Contains("'Billing'", error.Message);
        Assert.Contains("does not contain", error.Message);
    }

    [Fact]
    public void Duplicate_module_names_stop_start_up()
    {
        // Names are configuration keys, schemas and route prefixes, all case-insensitive.
        var catalog = new[] { new FakeModule("Accounts"), new FakeModule("accounts") };
        var builder = Builder(("Accounts", true));

        var error = Assert.Throws<ModuleConfigurationException>(() => builder.Services.AddCrmModules(builder.Configuration, catalog));

        Assert.Contains("'Accounts'", error.Message);
        Assert.Contains("more than once", error.Message);
    }

    [Fact]
    public void Requires_of_a_disabled_module_are_not_checked()
    {
        var catalog = new[] { new FakeModule("Accounts"), new FakeModule("Funnel", "Billing") };

        var selection = ModuleSelection.Resolve(catalog, Configuration(("Accounts", true), ("Funnel", false)));

        Assert.Equal(["Accounts"], selection.Enabled.Select(m => m.Name));
    }

    [Fact]
    public void Satisfied_Requires_register_only_the_enabled_modules_in_catalog_order()
    {
        var accounts = new FakeModule("Accounts");
        var funnel = new FakeModule("Funnel", "Accounts");
        var service = new FakeModule("Service");
        var builder = Builder(("Accounts", true), ("Funnel", true), ("Service", false));

        var selection = builder.Services.AddCrmModules(builder.Configuration, [funnel, accounts, service]);

        Assert.Equal(["Funnel", "Accounts"], selection.Enabled.Select(m => m.Name));
        Assert.Equal(["Funnel", "Accounts", "Service"], selection.All.Select(m => m.Name));
        Assert.True(accounts.Registered);
        Assert.True(funnel.Registered);
        Assert.False(service.Registered);
        Assert.True(selection.IsEnabled("funnel"));
        Assert.False(selection.IsEnabled("Service"));
    }

    private static IConfiguration Configuration(params (string Module, bool Enabled)[] flags) =>
        new ConfigurationBuilder().AddInMemoryCollection(Flags(flags)).Build();

    private static WebApplicationBuilder Builder(params (string Module, bool Enabled)[] flags)
    {
        var builder = WebApplication.CreateBuilder();
        // Added last, so these flags win over any appsettings.json found in the test's content root.
        builder.Configuration.AddInMemoryCollection(Flags(flags));
        return builder;
    }

    private static Dictionary<string, string?> Flags((string Module, bool Enabled)[] flags) =>
        flags.ToDictionary(f => $"Modules:{f.Module}:Enabled", f => (string?)(f.Enabled ? "true" : "false"));

    private sealed class FakeModule(string name, params string[] requires) : IModule
    {
        public string Name => name;

        public IReadOnlyCollection<string> Requires => requires;

        public bool Registered { get; private set; }

        public void RegisterServices(IServiceCollection services, IConfiguration configuration) => Registered = true;

        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
        }
    }
}
