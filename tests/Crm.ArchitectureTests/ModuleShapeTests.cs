using System.Reflection;
using Crm.BuildingBlocks.Modules;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>Style guide 4.9 rules 5, 6 and 8 (endpoints): everything in a module is <c>internal sealed</c>.</summary>
public sealed class ModuleShapeTests
{
    /// <summary>
    /// Only the IModule implementation is visible outside a module assembly, which makes rule 1 hard to break even by
    /// accident: there is nothing else to reference. <see cref="Type.IsVisible"/> is used so a public type nested in an
    /// internal one counts as internal. Exempt: compiler-generated types, and EF migrations, which <c>dotnet ef</c>
    /// scaffolds as <c>public partial class</c> (see <see cref="IsGeneratedMigration"/>), and the Razor components of
    /// <c>Pages/</c> (see <see cref="IsRazorComponent"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Only_the_IModule_implementation_and_pages_are_public(string module) =>
        AssertNone(PublicTypes(ModuleAssembly(module)), $"Types in module {module} must be internal; only its IModule implementation and its Razor pages are public (use .PublicApi for contracts).");

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Classes_are_sealed_unless_abstract_or_static(string module) =>
        AssertNone(UnsealedClasses(ModuleAssembly(module)), $"Classes in module {module} must be sealed (or abstract/static): inheritance is opt-in.");

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Endpoint_classes_are_static(string module) =>
        AssertNone(NonStaticEndpointClasses(ModuleAssembly(module)), $"Endpoint classes of module {module} must be static classes with Map<UseCase> extension methods.");

    internal static IEnumerable<Type> PublicTypes(Assembly assembly) =>
        WrittenTypes(assembly).Where(t => t.IsVisible && !typeof(IModule).IsAssignableFrom(t) && !IsRazorComponent(t));

    /// <summary>
    /// A static class is abstract and sealed in IL, so "not abstract and not sealed" is exactly the offence. Razor
    /// components cannot be sealed from a .razor file (see IsRazorComponent).
    /// </summary>
    internal static IEnumerable<Type> UnsealedClasses(Assembly assembly) =>
        WrittenTypes(assembly).Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed && !IsRazorComponent(t));

    /// <summary>"Endpoints" too: one static class may map several routes of one slice (ContactEndpoints).</summary>
    internal static IEnumerable<Type> NonStaticEndpointClasses(Assembly assembly) =>
        WrittenTypes(assembly)
            .Where(t => t.IsClass && (t.Name.EndsWith("Endpoint", StringComparison.Ordinal) || t.Name.EndsWith("Endpoints", StringComparison.Ordinal)))
            .Where(t => !(t.IsAbstract && t.IsSealed));
}
