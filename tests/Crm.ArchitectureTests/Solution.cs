using System.Reflection;
using System.Runtime.CompilerServices;
using Crm.BuildingBlocks.Modules;
using Crm.Host;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NetArchTest.Rules;
using Xunit;

namespace Crm.ArchitectureTests;

/// <summary>
/// The assemblies under test, derived from <see cref="ModuleCatalog.All"/> so that a module added to the host is
/// covered by every rule without touching this project.
/// </summary>
internal static class Solution
{
    public const string BuildingBlocksAssembly = "Crm.BuildingBlocks";
    public const string BuildingBlocksPublicApi = "Crm.BuildingBlocks.PublicApi";
    public const string PublicApiSuffix = ".PublicApi";

    /// <summary>The workflow SDK: modules may write activities and triggers against it (not against Crm.Workflows).</summary>
    public const string WorkflowsAbstractions = "Crm.Workflows.Abstractions";

    /// <summary>The web UI shell and its kit (LocalTime, Amount, ListPager, UiMediator): module pages build on it.</summary>
    public const string WebAssembly = "Crm.Web";

    public static Assembly HostAssembly => typeof(ModuleCatalog).Assembly;

    public static IModule Module(string name) => ModuleCatalog.All.Single(m => m.Name == name);

    /// <summary>The module's implementation assembly; its name is also the root namespace (Directory.Build.props).</summary>
    public static Assembly ModuleAssembly(string name) => Module(name).GetType().Assembly;

    public static IEnumerable<Assembly> ModuleAssemblies => ModuleCatalog.All.Select(m => m.GetType().Assembly).Distinct();

    /// <summary>The module's own <c>.PublicApi</c> assembly, when its implementation uses one.</summary>
    public static Assembly? PublicApiOf(Assembly moduleAssembly)
    {
        var expected = moduleAssembly.GetName().Name + PublicApiSuffix;
        var reference = moduleAssembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == expected);
        return reference is null ? null : Assembly.Load(reference);
    }

    /// <summary>
    /// Every <c>.PublicApi</c> assembly reachable from the host (each module's own plus any it consumes), and the
    /// marker assembly, which must obey the same BCL-only rule.
    /// </summary>
    public static IEnumerable<Assembly> PublicApiAssemblies =>
        CrmAssemblies.Where(a => a.GetName().Name!.EndsWith(PublicApiSuffix, StringComparison.Ordinal));

    /// <summary>All <c>Crm.*</c> assemblies reachable from the host through assembly references.</summary>
    public static IReadOnlyList<Assembly> CrmAssemblies { get; } = FindCrmAssemblies();

    public static TheoryData<string> ModuleNames => new(ModuleCatalog.All.Select(m => m.Name));

    public static TheoryData<string> PublicApiAssemblyNames => new(PublicApiAssemblies.Select(a => a.GetName().Name!));

    public static bool IsCrmAssembly(string? name) => name is not null && (name == "Crm" || name.StartsWith("Crm.", StringComparison.Ordinal));

    /// <summary>
    /// BCL = an assembly of the shared framework Microsoft.NETCore.App (System.*, netstandard, mscorlib,
    /// Microsoft.Win32.*, ...), i.e. one that ships next to <see cref="object"/>. A name-prefix test such as "System.*"
    /// would let a NuGet package like System.Reactive through; ASP.NET Core lives in another shared framework.
    /// </summary>
    public static bool IsBcl(AssemblyName reference) =>
        File.Exists(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, reference.Name + ".dll"));

    /// <summary>
    /// Types the compiler writes (closures, async state machines, embedded attributes, anonymous types): they follow
    /// the visibility and shape of the code that produced them, so rules about hand-written types skip them.
    /// </summary>
    public static bool IsCompilerGenerated(Type type) =>
        type.Name.Contains('<', StringComparison.Ordinal)
        || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
        || (type.DeclaringType is not null && IsCompilerGenerated(type.DeclaringType));

    /// <summary>
    /// Migrations and model snapshots scaffolded by <c>dotnet ef</c> into <c>Crm.&lt;M&gt;.Persistence.Migrations</c>.
    /// EF emits migrations as <c>public partial class</c> (unsealed) and regenerates the files, so hand edits would be
    /// lost; the exemption is narrow: only EF migration/snapshot types in that namespace.
    /// </summary>
    public static bool IsGeneratedMigration(Type type) =>
        type.Namespace is { } ns
        && ns.StartsWith(type.Assembly.GetName().Name + ".Persistence.Migrations", StringComparison.Ordinal)
        && (typeof(Migration).IsAssignableFrom(type) || typeof(ModelSnapshot).IsAssignableFrom(type));

    /// <summary>
    /// Razor components of a module's <c>Pages</c> folder. Razor compiles every <c>.razor</c> file to a
    /// <c>public partial class</c> (no directive makes it internal or sealed), and the router only finds public
    /// types, so module pages are the one visible part of a module besides its IModule. The exemption is narrow:
    /// component types in <c>Crm.&lt;M&gt;.Pages</c>, plus the class Razor writes for the folder's <c>_Imports.razor</c>.
    /// </summary>
    public static bool IsRazorComponent(Type type) =>
        (typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(type) || type.Name == "_Imports")
        && type.Namespace is { } ns
        && (ns == type.Assembly.GetName().Name + ".Pages" || ns.StartsWith(type.Assembly.GetName().Name + ".Pages.", StringComparison.Ordinal));

    /// <summary>Hand-written types of an assembly.</summary>
    public static IEnumerable<Type> WrittenTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => !IsCompilerGenerated(t) && !IsGeneratedMigration(t));

    public static string Describe(Type type) => type.FullName ?? type.Name;

    /// <summary>Fails with the rule and every offender, so the message alone says what to fix.</summary>
    public static void AssertNone(IEnumerable<string> offenders, string rule)
    {
        var list = offenders.Distinct().OrderBy(o => o, StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{rule}{Environment.NewLine}Offending: {Environment.NewLine}  {string.Join(Environment.NewLine + "  ", list)}");
    }

    public static void AssertNone(IEnumerable<Type> offenders, string rule) => AssertNone(offenders.Select(Describe), rule);

    public static void AssertRule(TestResult result, string rule) =>
        AssertNone(result.IsSuccessful ? [] : result.FailingTypeNames ?? ["(NetArchTest reported no type names)"], rule);

    private static List<Assembly> FindCrmAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([HostAssembly, .. ModuleAssemblies]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => IsCrmAssembly(r.Name)))
            {
                pending.Enqueue(Assembly.Load(reference));
            }
        }

        return found.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal).ToList();
    }
}
