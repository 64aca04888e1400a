using System.Reflection;
using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>Style guide 4.9 rules 3 and 4: the folder layers inside one module project.</summary>
public sealed class LayeringTests
{
    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Domain_does_not_depend_on_EF_Core_ASP_NET_Core_or_other_layers(string module)
    {
        var root = ModuleAssembly(module).GetName().Name!;
        AssertNone(DomainOffenders(ModuleAssembly(module)), $"{root}.Domain must not depend on EF Core, ASP.NET Core, {root}.Persistence or {root}.Features.");
    }

    /// <summary>
    /// Kept deliberately (guide 4.9 rule 4 says keep it or drop it, not half of it). EF Core may be used in:
    /// Persistence (DbContext, configurations, migrations); Features (handlers query the DbContext directly, no
    /// repositories: guide 4.5); PublicApi (the internal I&lt;Module&gt;Api implementation is a query service over the
    /// same DbContext); Seeding (demo data is written through the DbContext). Domain, endpoints and the module class do not.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Only_persistence_features_PublicApi_and_seeding_use_EF_Core(string module)
    {
        var root = ModuleAssembly(module).GetName().Name!;
        AssertNone(EfCoreOutsideItsLayers(ModuleAssembly(module)), $"Only {root}.Persistence, .Features, .PublicApi and .Seeding may use EF Core.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Module_assemblies_do_not_reference_Bogus(string module)
    {
        // Demo data lives in Crm.<Module>.Demo, loaded only with Demo:Seed (ADR 0068): production never loads a generator.
        var references = ModuleAssembly(module).GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Bogus", references);
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Endpoints_do_not_use_EF_Core(string module)
    {
        // An endpoint sends a request through the mediator; the handler owns the query. Keeps HTTP shape and data
        // access apart, so a slice's handler can be called from a job or an I<Module>Api as well.
        AssertNone(EndpointsUsingEfCore(ModuleAssembly(module)), $"Endpoint classes of module {module} must not use EF Core; move the query into the slice's handler.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Pages_send_requests_through_UiMediator_not_the_circuit_scoped_mediator(string module)
    {
        // A Blazor Server circuit is one long-lived DI scope: a mediator (and the DbContext behind its handlers) injected
        // into a page would live as long as the browser tab. UiMediator gives every request its own scope.
        AssertNone(PagesUsingMediatorOrEfCore(ModuleAssembly(module)), $"Pages of module {module} send requests with Crm.Web.UiMediator and never touch the DbContext.");
    }

    internal static IEnumerable<string> DomainOffenders(Assembly assembly)
    {
        var root = assembly.GetName().Name!;
        return Failing(Types.InAssembly(assembly)
            .That().ResideInNamespaceMatching(Namespace(root, "Domain"))
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", $"{root}.Persistence", $"{root}.Features")
            .GetResult());
    }

    internal static IEnumerable<string> EfCoreOutsideItsLayers(Assembly assembly)
    {
        var root = assembly.GetName().Name!;
        return Failing(Types.InAssembly(assembly)
            .That().HaveDependencyOn("Microsoft.EntityFrameworkCore")
            .Should().ResideInNamespaceMatching(Namespace(root, "Persistence", "Features", "PublicApi", "Seeding"))
            .GetResult());
    }

    /// <summary>
    /// Endpoint classes and every type nested in them. A lambda endpoint's body is compiled into a nested closure type
    /// (<c>ThingEndpoints/&lt;&gt;c</c>, its async state machine nested once more) whose name does not end with
    /// "Endpoint", and NetArchTest 1.3.2 enumerates top-level types only: exactly those endpoints went unseen. So the
    /// IL of every nested type is read here with Mono.Cecil (NetArchTest's own reader). Injecting the module's
    /// DbContext (its Persistence namespace) counts as using EF Core.
    /// </summary>
    internal static IEnumerable<string> EndpointsUsingEfCore(Assembly assembly)
    {
        string[] forbidden = ["Microsoft.EntityFrameworkCore", $"{assembly.GetName().Name}.Persistence"];
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        return module.Types
            .Where(t => t.Name.EndsWith("Endpoint", StringComparison.Ordinal) || t.Name.EndsWith("Endpoints", StringComparison.Ordinal))
            .SelectMany(WithNestedTypes)
            .Where(t => ReferencedTypes(t).Any(r => forbidden.Any(f => Namespace(r) == f || Namespace(r).StartsWith(f + ".", StringComparison.Ordinal))))
            .Select(t => t.FullName)
            .ToList();
    }

    private static IEnumerable<TypeDefinition> WithNestedTypes(TypeDefinition type) => [type, .. type.NestedTypes.SelectMany(WithNestedTypes)];

    /// <summary>The namespace of a (possibly nested) type reference: nested types carry their declaring type's.</summary>
    private static string Namespace(TypeReference type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    /// <summary>Types named by a type's fields, method signatures and method bodies (calls, fields, tokens), generics unfolded.</summary>
    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    generic.GenericArguments.ToList().ForEach(Add);
                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                default:
                    found.Add(reference);
                    return;
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            method.Parameters.ToList().ForEach(p => Add(p.ParameterType));
            if (method is GenericInstanceMethod generic)
            {
                generic.GenericArguments.ToList().ForEach(Add);
            }
        }

        type.Fields.ToList().ForEach(f => Add(f.FieldType));
        foreach (var method in type.Methods)
        {
            AddMethod(method);
            method.Body?.Variables.ToList().ForEach(v => Add(v.VariableType));
            foreach (var instruction in (IEnumerable<Instruction>?)method.Body?.Instructions ?? [])
            {
                switch (instruction.Operand)
                {
                    case MethodReference called:
                        AddMethod(called);
                        break;
                    case FieldReference field:
                        Add(field.DeclaringType);
                        Add(field.FieldType);
                        break;
                    case TypeReference token:
                        Add(token);
                        break;
                }
            }
        }

        return found;
    }

    internal static IEnumerable<string> PagesUsingMediatorOrEfCore(Assembly assembly) =>
        Failing(Types.InAssembly(assembly)
            .That().ResideInNamespaceMatching(Namespace(assembly.GetName().Name!, "Pages"))
            .ShouldNot().HaveDependencyOnAny("MediatR.IMediator", "Microsoft.EntityFrameworkCore")
            .GetResult());

    private static IEnumerable<string> Failing(TestResult result) =>
        result.IsSuccessful ? [] : result.FailingTypeNames ?? ["(NetArchTest reported no type names)"];

    /// <summary>
    /// A namespace and its sub-namespaces, but not siblings that merely share the prefix ("Crm.Accounts.Domain" must not
    /// match "Crm.Accounts.DomainServices"); NetArchTest's ResideInNamespace is a plain StartsWith (issue #152).
    /// </summary>
    private static string Namespace(string root, params string[] layers) =>
        $@"^{Regex.Escape(root)}\.({string.Join("|", layers.Select(Regex.Escape))})(\.|$)";
}
