using System.Text.RegularExpressions;
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
        var assembly = ModuleAssembly(module);
        var root = assembly.GetName().Name!;
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespaceMatching(Namespace(root, "Domain"))
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", $"{root}.Persistence", $"{root}.Features")
            .GetResult();

        AssertRule(result, $"{root}.Domain must not depend on EF Core, ASP.NET Core, {root}.Persistence or {root}.Features.");
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
        var assembly = ModuleAssembly(module);
        var root = assembly.GetName().Name!;
        var result = Types.InAssembly(assembly)
            .That().HaveDependencyOn("Microsoft.EntityFrameworkCore")
            .Should().ResideInNamespaceMatching(Namespace(root, "Persistence", "Features", "PublicApi", "Seeding"))
            .GetResult();

        AssertRule(result, $"Only {root}.Persistence, .Features, .PublicApi and .Seeding may use EF Core.");
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
        var result = Types.InAssembly(ModuleAssembly(module))
            .That().HaveNameMatching("Endpoints?$")
            .ShouldNot().HaveDependencyOn("Microsoft.EntityFrameworkCore")
            .GetResult();

        AssertRule(result, $"Endpoint classes of module {module} must not use EF Core; move the query into the slice's handler.");
    }

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void Pages_send_requests_through_UiMediator_not_the_circuit_scoped_mediator(string module)
    {
        // A Blazor Server circuit is one long-lived DI scope: a mediator (and the DbContext behind its handlers) injected
        // into a page would live as long as the browser tab. UiMediator gives every request its own scope.
        var result = Types.InAssembly(ModuleAssembly(module))
            .That().ResideInNamespaceMatching(Namespace(ModuleAssembly(module).GetName().Name!, "Pages"))
            .ShouldNot().HaveDependencyOnAny("MediatR.IMediator", "Microsoft.EntityFrameworkCore")
            .GetResult();

        AssertRule(result, $"Pages of module {module} send requests with Crm.Web.UiMediator and never touch the DbContext.");
    }

    /// <summary>
    /// A namespace and its sub-namespaces, but not siblings that merely share the prefix ("Crm.Accounts.Domain" must not
    /// match "Crm.Accounts.DomainServices"); NetArchTest's ResideInNamespace is a plain StartsWith (issue #152).
    /// </summary>
    private static string Namespace(string root, params string[] layers) =>
        $@"^{Regex.Escape(root)}\.({string.Join("|", layers.Select(Regex.Escape))})(\.|$)";
}
