using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crm.BuildingBlocks.Modules;
using Crm.Host;
using NetArchTest.Rules;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// Style guide 4.9 rules 1 and 10. Isolation is checked on assembly references, which are exact: NetArchTest's
/// namespace matching is by prefix, so "Crm.Accounts" would also match "Crm.Accounts.PublicApi" (guide 3.5).
/// </summary>
public sealed class ModuleIsolationTests
{
    [Fact]
    public void Catalog_lists_each_module_once_with_its_own_assembly()
    {
        // Every per-module rule below looks at "the module's assembly"; two modules in one assembly would blur them.
        Assert.NotEmpty(ModuleCatalog.All);
        AssertNone(
            ModuleCatalog.All.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key),
            "Module names are unique (they are configuration keys, schemas and route prefixes).");
        AssertNone(
            ModuleCatalog.All.GroupBy(m => m.GetType().Assembly).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key.GetName().Name} holds modules {string.Join(", ", g.Select(m => m.Name))}"),
            "Each module lives in its own assembly.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Module_references_other_modules_only_through_their_PublicApi(string module)
    {
        var assembly = ModuleAssembly(module);
        var self = assembly.GetName().Name!;
        var otherModules = ModuleAssemblies.Select(a => a.GetName().Name!).Where(n => n != self).ToHashSet();

        // Shared assemblies a module may use are listed here on purpose: adding one is an architecture decision.
        // Crm.Workflows.Abstractions is the workflow SDK (activities, triggers such as "Account created"), never the runtime.
        // Crm.Web is the UI shell and kit the module's pages build on.
        var offenders = assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(IsCrmAssembly)
            .Where(n => otherModules.Contains(n)
                || !(n == BuildingBlocksAssembly || n == BuildingBlocksPublicApi || n == WorkflowsAbstractions || n == WebAssembly
                     || n.EndsWith(PublicApiSuffix, StringComparison.Ordinal)))
            .Select(n => $"{self} references {n}");

        AssertNone(offenders, $"Module {module} may reference another module only through its Crm.<Module>.PublicApi assembly " +
            $"(allowed Crm.* references: {BuildingBlocksAssembly}, {BuildingBlocksPublicApi}, {WorkflowsAbstractions}, {WebAssembly}, *{PublicApiSuffix}).");
    }

    [Fact]
    public void BuildingBlocks_reference_no_module()
    {
        var modules = ModuleAssemblies.Select(a => a.GetName().Name!).ToHashSet();
        var offenders = CrmAssemblies
            .Where(a => a.GetName().Name!.StartsWith(BuildingBlocksAssembly, StringComparison.Ordinal))
            .SelectMany(a => a.GetReferencedAssemblies()
                .Where(r => modules.Contains(r.Name!) || (IsCrmAssembly(r.Name) && r.Name!.EndsWith(PublicApiSuffix, StringComparison.Ordinal) && r.Name != BuildingBlocksPublicApi))
                .Select(r => $"{a.GetName().Name} references {r.Name}"));

        AssertNone(offenders, "Building blocks serve every module and must not know any of them.");
    }

    [Fact]
    public void Web_shell_references_no_module_and_no_host_service()
    {
        // The shell composes modules only through IModuleUi; modules reference it, never the other way round.
        var web = CrmAssemblies.Single(a => a.GetName().Name == WebAssembly);
        var offenders = web.GetReferencedAssemblies()
            .Where(r => IsCrmAssembly(r.Name) && r.Name is not (BuildingBlocksAssembly or BuildingBlocksPublicApi))
            .Select(r => $"{WebAssembly} references {r.Name}");

        AssertNone(offenders, $"{WebAssembly} may reference only {BuildingBlocksAssembly} and {BuildingBlocksPublicApi} among Crm assemblies.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Host_does_not_use_module_internals(string module)
    {
        var root = ModuleAssembly(module).GetName().Name!;
        var result = Types.InAssembly(HostAssembly)
            .ShouldNot().HaveDependencyOnAny($"{root}.Features", $"{root}.Persistence", $"{root}.Domain")
            .GetResult();

        AssertRule(result, $"Crm.Host may use module {module} only to list its IModule; it must not touch {root}.Features/Persistence/Domain.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Host_uses_only_the_IModule_type_of_a_module_assembly(string module)
    {
        // Exact check on the host's metadata: every type reference into the module's implementation assembly must be
        // an IModule implementation (the catalog entry). This catches what the namespace rule cannot, e.g. a type in
        // the module's root namespace.
        var moduleAssembly = ModuleAssembly(module);
        var moduleName = moduleAssembly.GetName().Name!;
        using var stream = File.OpenRead(HostAssembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();

        var offenders = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            var reference = metadata.GetTypeReference(handle);
            if (ResolutionAssembly(metadata, reference) != moduleName)
            {
                continue;
            }

            var name = metadata.GetString(reference.Namespace) is { Length: > 0 } ns
                ? $"{ns}.{metadata.GetString(reference.Name)}"
                : metadata.GetString(reference.Name);
            var type = moduleAssembly.GetType(name);
            if (type is null || !typeof(IModule).IsAssignableFrom(type))
            {
                offenders.Add($"Crm.Host uses {name}");
            }
        }

        AssertNone(offenders, $"Crm.Host may reference {moduleName} only to list its IModule in ModuleCatalog.");
    }

    private static string? ResolutionAssembly(MetadataReader metadata, TypeReference reference)
    {
        // Nested type references resolve through their declaring type reference.
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            reference = metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        }

        return reference.ResolutionScope.Kind == HandleKind.AssemblyReference
            ? metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name)
            : null;
    }
}
