using System.Reflection;
using Crm.ArchitectureTests.BrokenSamples;
using MediatR;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>The slice convention (ADR 0067): one use case, one handler class.</summary>
public sealed class SliceTests
{
    // Bundles left from before ADR 0067, split when next touched: a ratchet, so no new bundle can appear. Remove an
    // entry when its bundle is split.
    private static readonly HashSet<string> NotYetSplit =
    [
        "Crm.Accounts.Features.Contacts.ContactHandlers",
        "Crm.Accounts.Features.Interactions.InteractionHandlers",
        "Crm.Funnel.Features.Assignment.FollowUpWatchHandlers",
    ];

    [Theory]
    [MemberData(nameof(ModuleNames), MemberType = typeof(Solution))]
    public void No_handler_class_implements_more_than_one_IRequestHandler(string module)
    {
        var bundles = HandlersOfMoreThanOneUseCase(ModuleAssembly(module)).Where(b => !NotYetSplit.Contains(b)).ToList();

        Assert.True(bundles.Count == 0,
            $"Each use case gets its own handler class in its own slice folder (ADR 0067); these handle several: {string.Join(", ", bundles)}.");
    }

    [Fact]
    public void The_rule_reports_a_handler_bundle()
    {
        var bundles = HandlersOfMoreThanOneUseCase(typeof(BundledSampleHandlers).Assembly);

        Assert.Contains(typeof(BundledSampleHandlers).FullName, bundles);
        Assert.DoesNotContain(typeof(SingleSampleHandler).FullName, bundles);
    }

    private static List<string> HandlersOfMoreThanOneUseCase(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Where(t => t.GetInterfaces().Count(i => i.IsGenericType && IsRequestHandler(i.GetGenericTypeDefinition())) > 1)
            .Select(t => t.FullName!)
            .ToList();

    private static bool IsRequestHandler(Type definition) =>
        definition == typeof(IRequestHandler<,>) || definition == typeof(IRequestHandler<>);
}
