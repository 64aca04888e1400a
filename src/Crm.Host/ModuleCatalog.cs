using Crm.Accounts;
using Crm.Branches;
using Crm.Funnel;
using Crm.Products;
using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Crm.Host;

/// <summary>
/// Every module this host can run, listed explicitly (no assembly scanning): a module is added here once, and
/// switched on per installation with <c>Modules:&lt;Name&gt;:Enabled</c>.
/// </summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<IModule> All { get; } =
    [
        new AccountsModule(),
        new FunnelModule(),
        new BranchesModule(),
        new ProductsModule(),
    ];

    /// <summary>
    /// Modules a test host adds by type (<c>Testing:Modules:n</c> = assembly-qualified name; <c>CrmApp(extraModules:)</c>),
    /// such as one just made from the crm-module template. Only in the Testing environment: an installation's modules
    /// are the explicit list above.
    /// </summary>
    public static IEnumerable<IModule> ForTests(IConfiguration configuration, IHostEnvironment environment) =>
        !environment.IsEnvironment("Testing")
            ? []
            : configuration.GetSection("Testing:Modules").GetChildren()
                .Select(entry => (IModule)Activator.CreateInstance(Type.GetType(entry.Value!, throwOnError: true)!)!)
                .ToList();
}
