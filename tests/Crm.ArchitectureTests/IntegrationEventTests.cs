using System.Reflection;
using System.Runtime.CompilerServices;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.PublicApi;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>Style guide 4.9 rules 7 and 8: the shape of events between modules and of their handlers.</summary>
public sealed class IntegrationEventTests
{
    private static IEnumerable<Type> IntegrationEvents => IntegrationEventsIn(CrmAssemblies);

    private static IEnumerable<Type> Handlers => HandlersIn(CrmAssemblies);

    internal static IEnumerable<Type> IntegrationEventsIn(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(WrittenTypes).Where(t => !t.IsInterface && typeof(IIntegrationEvent).IsAssignableFrom(t));

    internal static IEnumerable<Type> HandlersIn(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(WrittenTypes).Where(t => !t.IsInterface && t.GetInterfaces()
            .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIntegrationEventHandler<>)));

    [Fact]
    public void Integration_events_are_found()
    {
        // Guards the rules below against passing vacuously.
        Assert.NotEmpty(IntegrationEvents);
    }

    [Fact]
    public void Integration_events_live_in_a_module_PublicApi_assembly() =>
        AssertNone(EventsOutsidePublicApi(IntegrationEvents), "Integration events belong in the producing module's Crm.<Module>.PublicApi assembly.");

    /// <summary>
    /// A consumer compiles against the producer's .PublicApi; an event elsewhere could not be consumed without
    /// referencing the producer's internals.
    /// </summary>
    internal static IEnumerable<Type> EventsOutsidePublicApi(IEnumerable<Type> events) =>
        events.Where(t =>
            t.Assembly.GetName().Name is not { } name
            || !name.EndsWith(PublicApiSuffix, StringComparison.Ordinal)
            || name == BuildingBlocksPublicApi);

    [Fact]
    public void Integration_events_are_named_IntegrationEvent() =>
        AssertNone(MisnamedEvents(IntegrationEvents), "Integration event types end with 'IntegrationEvent' (domain events have no suffix and stay in Domain/).");

    internal static IEnumerable<Type> MisnamedEvents(IEnumerable<Type> events) =>
        events.Where(t => !t.Name.EndsWith("IntegrationEvent", StringComparison.Ordinal));

    [Fact]
    public void Integration_events_are_sealed_records() =>
        AssertNone(EventsNotSealedRecords(IntegrationEvents), "Integration events are 'public sealed record' types: value equality, and nobody extends a published contract.");

    /// <summary>The compiler gives every record class a "&lt;Clone&gt;$" method; no other class has one.</summary>
    internal static IEnumerable<Type> EventsNotSealedRecords(IEnumerable<Type> events) =>
        events.Where(t => !t.IsClass || !t.IsSealed || t.GetMethod("<Clone>$") is null);

    [Fact]
    public void Integration_events_are_immutable() =>
        AssertNone(MutableEventMembers(IntegrationEvents), "Integration events are immutable: properties are get/init only and fields readonly.");

    /// <summary>
    /// An event is a published fact stored in the outbox; a handler must not be able to change what others read.
    /// init is allowed (records' positional properties); NetArchTest 1.3.2's BeImmutable predates init accessors.
    /// </summary>
    internal static List<string> MutableEventMembers(IEnumerable<Type> events)
    {
        const BindingFlags instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var type in events)
        {
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                offenders.AddRange(t.GetProperties(instance)
                    .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                    .Select(p => $"{Describe(type)}.{p.Name} has a public setter"));
                offenders.AddRange(t.GetFields(instance)
                    .Where(f => !f.IsInitOnly)
                    .Select(f => $"{Describe(type)}.{f.Name} is a writable field"));
            }
        }

        return offenders;
    }

    [Fact]
    public void Integration_event_handlers_are_internal_and_named_Handler() =>
        AssertNone(PublicOrMisnamedHandlers(Handlers), "IIntegrationEventHandler<> implementations are internal (sealed) classes whose names end with 'Handler'.");

    internal static IEnumerable<string> PublicOrMisnamedHandlers(IEnumerable<Type> handlers) =>
        handlers
            // A generic handler (the workflow server's one per trigger event type) is named by its name without the arity.
            .Where(t => t.IsVisible || !t.Name.Split('`')[0].EndsWith("Handler", StringComparison.Ordinal))
            .Select(t => $"{Describe(t)} ({(t.IsVisible ? "public" : "internal")})");

    [Fact]
    public void Integration_event_handlers_live_in_the_consuming_modules_IntegrationEvents_folder() =>
        AssertNone(HandlersOutsideTheirFolder(Handlers), "IIntegrationEventHandler<> implementations live in Crm.<Module>.IntegrationEvents.");

    /// <summary>
    /// Guide 4.2: Crm.&lt;M&gt;/IntegrationEvents holds the handlers of other modules' events, so what a module consumes
    /// is visible in one place.
    /// </summary>
    internal static IEnumerable<Type> HandlersOutsideTheirFolder(IEnumerable<Type> handlers) =>
        handlers.Where(t =>
            t.Namespace is not { } ns
            || !(ns == $"{t.Assembly.GetName().Name}.IntegrationEvents" || ns.StartsWith($"{t.Assembly.GetName().Name}.IntegrationEvents.", StringComparison.Ordinal)));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
