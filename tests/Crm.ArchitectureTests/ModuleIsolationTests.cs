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
        AssertNone(DuplicateModuleNames(ModuleCatalog.All), "Module names are unique (they are configuration keys, schemas and route prefixes).");
        AssertNone(SharedModuleAssemblies(ModuleCatalog.All), "Each module lives in its own assembly.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Module_references_other_modules_only_through_their_PublicApi(string module) =>
        AssertNone(ForbiddenModuleReferences(ModuleAssembly(module), ModuleAssemblies), $"Module {module} may reference another module only through its Crm.<Module>.PublicApi assembly " +
            $"(allowed Crm.* references: {BuildingBlocksAssembly}, {BuildingBlocksPublicApi}, {WorkflowsAbstractions}, {WebAssembly}, *{PublicApiSuffix}).");

    /// <summary>
    /// Using another module's PublicApi is a dependency on that module being on: the consumer says so in
    /// <see cref="IModule.Requires"/> (the host refuses to start without it) or in <see cref="IModule.OptionalUses"/>
    /// (it reaches the API through IOptionalModule and degrades when the module is off, ADR 0075).
    /// </summary>
    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void A_module_using_another_modules_PublicApi_requires_it_or_uses_it_optionally(string module) =>
        AssertNone(UndeclaredModuleUses(Module(module)), $"Module {module} lists every module whose PublicApi it references in Requires or OptionalUses.");

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void An_optionally_used_module_API_is_reached_only_through_IOptionalModule(string module) =>
        AssertNone(DirectUsesOfOptionalApis(Module(module)), $"Module {module} takes the APIs of modules in its OptionalUses as IOptionalModule<TApi>, never directly (that injection fails when the module is off).");

    /// <summary>
    /// A list two modules keep in step (lead and account sources once) is an editable dictionary, compared by code
    /// (<c>IDictionaries</c>, ADR 0125), never a pair of enums mirrored by hand: no enum of one module has the same
    /// members as an enum of another.
    /// </summary>
    [Fact]
    public void No_module_mirrors_another_modules_list_as_an_enum() =>
        AssertNone(MirroredEnums(ModuleAssemblies.Concat(PublicApiAssemblies)).Except(KnownMirrors), "Lists modules share are dictionaries (IDictionaries), not enums mirrored across modules.");

    /// <summary>
    /// Mirrors this rule found when it was written and that are not fixed yet, each with its reason; the list only
    /// shrinks. The follow-up channels of accounts and of leads/opportunities are one list kept twice: they become a
    /// dictionary (or one shared code list) with the follow-up work, not in the dictionaries change (ADR 0125).
    /// </summary>
    private static readonly string[] KnownMirrors = ["Crm.Accounts.Domain.InteractionChannel ≡ Crm.Funnel.Domain.FollowUpChannel"];

    /// <summary>Pairs of enums in different modules with the same member names (three or more members, so yes/no pairs do not count).</summary>
    internal static IEnumerable<string> MirroredEnums(IEnumerable<Assembly> assemblies)
    {
        static string ModuleOf(Assembly a) => a.GetName().Name!.Replace(PublicApiSuffix, "", StringComparison.Ordinal);
        var enums = assemblies.Distinct()
            .SelectMany(a => a.GetTypes().Where(t => t.IsEnum && !IsCompilerGenerated(t)).Select(t => (Module: ModuleOf(a), Type: t)))
            .Select(e => (e.Module, e.Type, Members: string.Join(",", Enum.GetNames(e.Type).Order(StringComparer.Ordinal))))
            .Where(e => Enum.GetNames(e.Type).Length >= 3)
            .ToList();
        return enums.SelectMany((e, i) => enums.Skip(i + 1).Where(o => o.Module != e.Module && o.Members == e.Members)
            .Select(o => $"{Describe(e.Type)} ≡ {Describe(o.Type)}"));
    }

    [Fact]
    public void BuildingBlocks_reference_no_module() =>
        AssertNone(
            CrmAssemblies.Where(a => a.GetName().Name!.StartsWith(BuildingBlocksAssembly, StringComparison.Ordinal)).SelectMany(a => ModuleReferences(a, ModuleAssemblies)),
            "Building blocks serve every module and must not know any of them.");

    [Fact]
    public void Web_shell_references_no_module_and_no_host_service() =>
        // The shell composes modules only through IModuleUi; modules reference it, never the other way round.
        AssertNone(CrmReferencesBeyondBuildingBlocks(CrmAssemblies.Single(a => a.GetName().Name == WebAssembly)),
            $"{WebAssembly} may reference only {BuildingBlocksAssembly} and {BuildingBlocksPublicApi} among Crm assemblies.");

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Host_does_not_use_module_internals(string module)
    {
        var root = ModuleAssembly(module).GetName().Name!;
        AssertRule(InternalsUsedBy(HostAssembly, root), $"Crm.Host may use module {module} only to list its IModule; it must not touch {root}.Features/Persistence/Domain.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Host_uses_only_the_IModule_type_of_a_module_assembly(string module)
    {
        var moduleName = ModuleAssembly(module).GetName().Name!;
        AssertNone(NonModuleTypesUsedBy(HostAssembly, ModuleAssembly(module)), $"Crm.Host may reference {moduleName} only to list its IModule in ModuleCatalog.");
    }

    internal static IEnumerable<string> DuplicateModuleNames(IEnumerable<IModule> catalog) =>
        catalog.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);

    internal static IEnumerable<string> SharedModuleAssemblies(IEnumerable<IModule> catalog) =>
        catalog.GroupBy(m => m.GetType().Assembly).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.GetName().Name} holds modules {string.Join(", ", g.Select(m => m.Name))}");

    /// <summary>
    /// Shared assemblies a module may use are listed here on purpose: adding one is an architecture decision.
    /// Crm.Workflows.Abstractions is the workflow SDK (activities, triggers such as "Account created"), never the runtime.
    /// Crm.Web is the UI shell and kit the module's pages build on.
    /// </summary>
    internal static IEnumerable<string> ForbiddenModuleReferences(Assembly assembly, IEnumerable<Assembly> moduleAssemblies)
    {
        var self = assembly.GetName().Name!;
        var otherModules = moduleAssemblies.Select(a => a.GetName().Name!).Where(n => n != self).ToHashSet();
        return assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(IsCrmAssembly)
            .Where(n => otherModules.Contains(n)
                || !(n == BuildingBlocksAssembly || n == BuildingBlocksPublicApi || n == WorkflowsAbstractions || n == WebAssembly
                     || n.EndsWith(PublicApiSuffix, StringComparison.Ordinal)))
            .Select(n => $"{self} references {n}");
    }

    /// <summary>Other modules' PublicApi assemblies the module references, by module name (Crm.&lt;Module&gt;.PublicApi).</summary>
    private static IEnumerable<(string Module, string Assembly)> UsedModuleApis(IModule module)
    {
        var self = module.GetType().Assembly.GetName().Name!;
        return module.GetType().Assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => IsCrmAssembly(n) && n.EndsWith(PublicApiSuffix, StringComparison.Ordinal) && n != self + PublicApiSuffix
                        && n is not (BuildingBlocksPublicApi or "Crm.Workflows.PublicApi"))
            .Select(n => (n["Crm.".Length..^PublicApiSuffix.Length], n));
    }

    internal static IEnumerable<string> UndeclaredModuleUses(IModule module) =>
        UsedModuleApis(module)
            .Where(used => !module.Requires.Concat(module.OptionalUses).Contains(used.Module, StringComparer.OrdinalIgnoreCase))
            .Select(used => $"{module.Name} references {used.Assembly} but lists '{used.Module}' in neither Requires nor OptionalUses");

    /// <summary>
    /// Constructor and method parameters (lambdas' too: closures are included), fields and properties whose type is an
    /// interface of an optionally used module's PublicApi. Wrapped in IOptionalModule&lt;&gt; the type is a generic
    /// instance, not the interface, so the sanctioned form passes.
    /// </summary>
    internal static IEnumerable<string> DirectUsesOfOptionalApis(IModule module)
    {
        var optional = UsedModuleApis(module)
            .Where(used => module.OptionalUses.Contains(used.Module, StringComparer.OrdinalIgnoreCase)
                           && !module.Requires.Contains(used.Module, StringComparer.OrdinalIgnoreCase))
            .Select(used => used.Assembly)
            .ToHashSet(StringComparer.Ordinal);
        bool IsOptionalApi(Type type) => type.IsInterface && optional.Contains(type.Assembly.GetName().Name!);

        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var type in module.GetType().Assembly.GetTypes())
        {
            offenders.AddRange(type.GetFields(all).Where(f => IsOptionalApi(f.FieldType)).Select(f => $"{Describe(type)}.{f.Name}: {f.FieldType.Name}"));
            offenders.AddRange(type.GetProperties(all).Where(p => IsOptionalApi(p.PropertyType)).Select(p => $"{Describe(type)}.{p.Name}: {p.PropertyType.Name}"));
            offenders.AddRange(type.GetConstructors(all).Cast<MethodBase>().Concat(type.GetMethods(all))
                .SelectMany(m => m.GetParameters().Where(p => IsOptionalApi(p.ParameterType)).Select(p => $"{Describe(type)}.{m.Name}({p.ParameterType.Name} {p.Name})")));
        }

        return offenders;
    }

    /// <summary>References from <paramref name="assembly"/> to module implementations or module PublicApi assemblies.</summary>
    internal static IEnumerable<string> ModuleReferences(Assembly assembly, IEnumerable<Assembly> moduleAssemblies)
    {
        var modules = moduleAssemblies.Select(a => a.GetName().Name!).ToHashSet();
        return assembly.GetReferencedAssemblies()
            .Where(r => modules.Contains(r.Name!) || (IsCrmAssembly(r.Name) && r.Name!.EndsWith(PublicApiSuffix, StringComparison.Ordinal) && r.Name != BuildingBlocksPublicApi))
            .Select(r => $"{assembly.GetName().Name} references {r.Name}");
    }

    internal static IEnumerable<string> CrmReferencesBeyondBuildingBlocks(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Where(r => IsCrmAssembly(r.Name) && r.Name is not (BuildingBlocksAssembly or BuildingBlocksPublicApi))
            .Select(r => $"{assembly.GetName().Name} references {r.Name}");

    internal static TestResult InternalsUsedBy(Assembly consumer, string moduleRoot) =>
        Types.InAssembly(consumer).ShouldNot().HaveDependencyOnAny($"{moduleRoot}.Features", $"{moduleRoot}.Persistence", $"{moduleRoot}.Domain").GetResult();

    /// <summary>
    /// Exact check on the consumer's metadata: every type reference into the module's implementation assembly must be
    /// an IModule implementation (the catalog entry). This catches what the namespace rule cannot, e.g. a type in the
    /// module's root namespace.
    /// </summary>
    internal static List<string> NonModuleTypesUsedBy(Assembly consumer, Assembly moduleAssembly)
    {
        var moduleName = moduleAssembly.GetName().Name!;
        var consumerName = consumer.GetName().Name;
        using var stream = File.OpenRead(consumer.Location);
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
                offenders.Add($"{consumerName} uses {name}");
            }
        }

        return offenders;
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
