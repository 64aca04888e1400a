using System.Reflection;
using Crm.Host;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// Crm.Identity is a platform service like the workflow server: the host wires it in, modules never see it (they use
/// ICurrentUser, IStaffDirectory, IRecordVisibility and CrmPolicies from the building blocks).
/// </summary>
public sealed class IdentityTests
{
    private const string IdentityAssemblyName = "Crm.Identity";

    /// <summary>What the host and the test kit call; everything else stays internal.</summary>
    private static readonly string[] PublicSurface =
    [
        "Crm.Identity.IdentityHostingExtensions",
        "Crm.Identity.IdentityCommands",
        "Crm.Identity.IdentityCommands+Result",
        "Crm.Identity.Authentication.CrmAuthenticationSchemes",
    ];

    private static Assembly IdentityAssembly => CrmAssemblies.Single(a => a.GetName().Name == IdentityAssemblyName);

    [Fact]
    public void Identity_references_only_the_building_blocks_and_the_web_UI_kit() =>
        AssertNone(ForbiddenReferences(IdentityAssembly), "Crm.Identity knows no module, plugin or the workflow runtime; they talk to it through the building blocks (its pages use Crm.Web).");

    [Fact]
    public void No_module_references_identity() =>
        AssertNone(
            ReferencingIdentity(ModuleCatalog.All.Select(m => m.GetType().Assembly).Concat(PluginCatalog.Discover().Select(p => p.GetType().Assembly))),
            "Modules and plugins use ICurrentUser, IStaffDirectory, IRecordVisibility and CrmPolicies, not Crm.Identity.");

    [Fact]
    public void Identity_is_internal_and_sealed_except_its_entry_points()
    {
        // Razor pages (Pages/) are public and unsealed by construction, as in modules (see IsRazorComponent).
        AssertNone(PublicBeyondSurface(IdentityAssembly, PublicSurface), "Crm.Identity types are internal except its entry points and pages.");
        AssertNone(ModuleShapeTests.UnsealedClasses(IdentityAssembly), "Crm.Identity classes are sealed (or abstract/static).");
    }

    internal static IEnumerable<string> ForbiddenReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(IsCrmAssembly)
            .Where(n => n != BuildingBlocksAssembly && n != BuildingBlocksPublicApi && n != WebAssembly)
            .Select(n => $"{assembly.GetName().Name} references {n}");

    internal static IEnumerable<string> ReferencingIdentity(IEnumerable<Assembly> assemblies) =>
        assemblies.Where(a => a.GetReferencedAssemblies().Any(r => r.Name == IdentityAssemblyName)).Select(a => a.GetName().Name!);

    internal static IEnumerable<Type> PublicBeyondSurface(Assembly assembly, IReadOnlyCollection<string> surface) =>
        WrittenTypes(assembly).Where(t => t.IsVisible && !surface.Contains(t.FullName!) && !IsRazorComponent(t));
}
