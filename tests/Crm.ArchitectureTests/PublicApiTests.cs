using System.Reflection;
using NetArchTest.Rules;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// Style guide 4.9 rules 2 and 4.4: a <c>.PublicApi</c> assembly is what other modules compile against, so it carries
/// nothing but BCL types and the integration-event marker. Swapping the mediator or the ORM then stays a
/// module-internal change (MediatR's licence change is the reason for the explicit MediatR rule).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Every_module_has_a_PublicApi_assembly()
    {
        // Guards the rules below against passing vacuously because the PublicApi assemblies were not found.
        Assert.Contains(PublicApiAssemblies, a => a.GetName().Name == BuildingBlocksPublicApi);
        AssertNone(WithoutPublicApi(ModuleAssemblies),
            $"Each module has (and uses) its Crm.<Module>{PublicApiSuffix} assembly, which holds its integration events and I<Module>Api.");
    }

    [Theory]
    [MemberData(nameof(PublicApiAssemblyNames), MemberType = typeof(Solution))]
    public void PublicApi_references_only_the_BCL_and_the_marker_assembly(string assemblyName) =>
        AssertNone(NonBclReferences(PublicApi(assemblyName)), $"{assemblyName} may reference only the BCL (Microsoft.NETCore.App) and {BuildingBlocksPublicApi}.");

    [Theory]
    [MemberData(nameof(PublicApiAssemblyNames), MemberType = typeof(Solution))]
    public void PublicApi_types_depend_only_on_System_and_the_marker(string assemblyName) =>
        AssertRule(NonSystemDependencies(PublicApi(assemblyName)), $"Types in {assemblyName} may depend only on System.*, {BuildingBlocksPublicApi} and {assemblyName}.");

    [Theory]
    [MemberData(nameof(PublicApiAssemblyNames), MemberType = typeof(Solution))]
    public void PublicApi_does_not_use_MediatR(string assemblyName)
    {
        var assembly = PublicApi(assemblyName);
        AssertNone(MediatRReferences(assembly), $"{assemblyName} must not reference MediatR: requests and notifications stay inside a module.");
        AssertRule(MediatRTypeUse(assembly), $"Types in {assemblyName} must not use MediatR types (IRequest, INotification, ...).");
    }

    private static Assembly PublicApi(string assemblyName) => PublicApiAssemblies.Single(a => a.GetName().Name == assemblyName);

    internal static IEnumerable<string> WithoutPublicApi(IEnumerable<Assembly> moduleAssemblies) =>
        moduleAssemblies.Where(a => PublicApiOf(a) is null).Select(a => a.GetName().Name!);

    internal static IEnumerable<string> NonBclReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Where(r => r.Name != BuildingBlocksPublicApi && !IsBcl(r))
            .Select(r => $"{assembly.GetName().Name} references {r.Name}");

    /// <summary>
    /// "System" and the own namespace must be listed explicitly (NetArchTest issues #127, #151). Matching is by prefix,
    /// so the own namespace also covers its sub-namespaces such as .IntegrationEvents.
    /// </summary>
    internal static TestResult NonSystemDependencies(Assembly assembly) =>
        Types.InAssembly(assembly).Should().OnlyHaveDependenciesOn("System", BuildingBlocksPublicApi, assembly.GetName().Name!).GetResult();

    internal static IEnumerable<string> MediatRReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("MediatR", StringComparison.Ordinal)).Select(r => $"{assembly.GetName().Name} references {r.Name}");

    internal static TestResult MediatRTypeUse(Assembly assembly) => Types.InAssembly(assembly).ShouldNot().HaveDependencyOn("MediatR").GetResult();
}
