using System.Reflection;
using Crm.BrokenSamples;
using Crm.BrokenSamples.Features.Things;
using Crm.BrokenSamples.PublicApi;
using Crm.BuildingBlocks.Modules;
using Xunit;

namespace Crm.ArchitectureTests;

/// <summary>
/// Every rule of this project, run on code that breaks it on purpose (tests/BrokenSamples, and BrokenSamples/ here for
/// the source scans). A rule that passes the real code but no longer reports its sample has become vacuous: that is
/// how <c>Endpoints_do_not_use_EF_Core</c> once let lambda endpoints through. Each test names the exact offender, so
/// a rule that fails for an unrelated reason does not count.
/// </summary>
public sealed class BrokenSampleTests
{
    private static readonly Assembly Broken = typeof(BrokenModule).Assembly;
    private static readonly Assembly BrokenPublicApi = typeof(LeakyRequest).Assembly;
    private static readonly Assembly Accounts = typeof(Crm.Accounts.AccountsModule).Assembly;

    private static string Sample(string relativeTypeName) => $"Crm.BrokenSamples.{relativeTypeName}";

    private static void Reports(IEnumerable<string> offenders, string expected)
    {
        var list = offenders.ToList();
        Assert.True(list.Any(o => o.Contains(expected, StringComparison.Ordinal)),
            $"The rule did not report '{expected}'. It reported: {(list.Count == 0 ? "nothing" : string.Join("; ", list))}");
    }

    private static void Reports(IEnumerable<Type> offenders, string expected) => Reports(offenders.Select(Solution.Describe), expected);

    private static void Reports(NetArchTest.Rules.TestResult result, string expected) =>
        Reports(result.IsSuccessful ? [] : result.FailingTypeNames ?? [], expected);

    // ModuleIsolationTests

    [Fact]
    public void Mirrored_list_rule_reports_an_enum_copied_from_another_module() =>
        Reports(ModuleIsolationTests.MirroredEnums([Broken, Accounts]), Sample("Domain.PaymentStanding"));

    // LayeringTests

    [Fact]
    public void Domain_rule_reports_a_domain_type_using_EF_Core() =>
        Reports(LayeringTests.DomainOffenders(Broken), Sample("Domain.Thing"));

    [Fact]
    public void EF_Core_layer_rule_reports_a_root_type_using_the_DbContext() =>
        Reports(LayeringTests.EfCoreOutsideItsLayers(Broken), Sample("ThingCounter"));

    [Fact]
    public void Endpoint_rule_reports_a_lambda_endpoint_querying_the_DbContext()
    {
        var offenders = LayeringTests.EndpointsUsingEfCore(Broken).ToList();

        // The query sits in the closure type the compiler nests in ThingEndpoints (NetArchTest writes nested names
        // with '/'), not in ThingEndpoints itself: selecting endpoint classes by name alone never saw it.
        Assert.True(offenders.Any(o => o.StartsWith(Sample("Features.Things.ThingEndpoints/"), StringComparison.Ordinal)
                                       || o.StartsWith(Sample("Features.Things.ThingEndpoints+"), StringComparison.Ordinal)),
            "The closure of the lambda endpoint was not reported. Reported: " + string.Join("; ", offenders));
    }

    [Fact]
    public void Page_rule_reports_a_page_holding_IMediator() =>
        Reports(LayeringTests.PagesUsingMediatorOrEfCore(Broken), Sample("Pages.BrokenPage"));

    // ModuleShapeTests

    [Fact]
    public void Public_type_rule_reports_a_public_feature_class() =>
        Reports(ModuleShapeTests.PublicTypes(Broken), Sample("Features.Things.LeakyFeature"));

    [Fact]
    public void Sealed_rule_reports_an_unsealed_class() =>
        Reports(ModuleShapeTests.UnsealedClasses(Broken), Sample("Features.Things.LeakyFeature"));

    [Fact]
    public void Static_endpoint_rule_reports_an_instance_endpoint_class() =>
        Reports(ModuleShapeTests.NonStaticEndpointClasses(Broken), Sample("Features.Things.InstanceEndpoint"));

    // ModuleIsolationTests

    [Fact]
    public void Catalog_rules_report_a_duplicate_name_and_two_modules_in_one_assembly()
    {
        IModule[] catalog = [new BrokenModule(), new BrokenModule(), new BrokenOptionalUseModule()];
        Reports(ModuleIsolationTests.DuplicateModuleNames(catalog), "Broken");
        Reports(ModuleIsolationTests.SharedModuleAssemblies(catalog), "Crm.BrokenSamples holds modules Broken, Broken, BrokenOptionalUse");
    }

    [Fact]
    public void Isolation_rule_reports_a_module_referencing_another_modules_implementation() =>
        Reports(ModuleIsolationTests.ForbiddenModuleReferences(Broken, [Broken, Accounts]), "Crm.BrokenSamples references Crm.Accounts");

    [Fact]
    public void Isolation_rule_reports_a_module_referencing_the_workflow_runtime() =>
        Reports(ModuleIsolationTests.ForbiddenModuleReferences(Broken, [Broken, Accounts]), "Crm.BrokenSamples references Crm.Workflows");

    [Fact]
    public void Requires_rule_reports_a_PublicApi_used_without_Requires_or_OptionalUses() =>
        Reports(ModuleIsolationTests.UndeclaredModuleUses(new BrokenModule()), "Broken references Crm.Accounts.PublicApi but lists 'Accounts' in neither");

    [Fact]
    public void Optional_use_rule_reports_an_optional_API_injected_directly()
    {
        var offenders = ModuleIsolationTests.DirectUsesOfOptionalApis(new BrokenOptionalUseModule()).ToList();

        Reports(offenders, "Crm.BrokenSamples.AccountNamer..ctor(IAccountsApi accounts)");
        // The sanctioned form, IOptionalModule<IAccountsApi>, is not an offence.
        Assert.DoesNotContain(offenders, o => o.Contains("OptionalUser", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_block_rule_reports_a_reference_to_a_module() =>
        Reports(ModuleIsolationTests.ModuleReferences(Broken, [Accounts]), "Crm.BrokenSamples references Crm.Accounts");

    [Fact]
    public void Web_shell_rule_reports_a_reference_beyond_the_building_blocks() =>
        Reports(ModuleIsolationTests.CrmReferencesBeyondBuildingBlocks(Broken), "Crm.BrokenSamples references Crm.Accounts");

    [Fact]
    public void Host_internals_rule_reports_a_type_using_a_modules_Features() =>
        // The sample is host and module at once: its module class maps ThingEndpoints from Crm.BrokenSamples.Features.
        Reports(ModuleIsolationTests.InternalsUsedBy(Broken, "Crm.BrokenSamples"), Sample("BrokenModule"));

    [Fact]
    public void Host_IModule_only_rule_reports_a_page_type_taken_from_a_module() =>
        Reports(ModuleIsolationTests.NonModuleTypesUsedBy(Broken, Accounts), "Crm.BrokenSamples uses Crm.Accounts.Pages.AccountList");

    // PublicApiTests

    [Fact]
    public void PublicApi_presence_rule_reports_a_module_without_one() =>
        Reports(PublicApiTests.WithoutPublicApi([Broken]), "Crm.BrokenSamples");

    [Fact]
    public void PublicApi_reference_rule_reports_a_non_BCL_reference() =>
        Reports(PublicApiTests.NonBclReferences(BrokenPublicApi), "Crm.BrokenSamples.PublicApi references MediatR");

    [Fact]
    public void PublicApi_dependency_rule_reports_a_type_depending_on_a_package() =>
        Reports(PublicApiTests.NonSystemDependencies(BrokenPublicApi), "Crm.BrokenSamples.PublicApi.LeakyRequest");

    [Fact]
    public void PublicApi_MediatR_rules_report_a_published_request()
    {
        Reports(PublicApiTests.MediatRReferences(BrokenPublicApi), "references MediatR");
        Reports(PublicApiTests.MediatRTypeUse(BrokenPublicApi), "Crm.BrokenSamples.PublicApi.LeakyRequest");
    }

    // IntegrationEventTests

    private static IEnumerable<Type> BrokenEvents => IntegrationEventTests.IntegrationEventsIn([Broken]);

    private static IEnumerable<Type> BrokenHandlers => IntegrationEventTests.HandlersIn([Broken]);

    [Fact]
    public void Event_location_rule_reports_an_event_outside_a_PublicApi() =>
        Reports(IntegrationEventTests.EventsOutsidePublicApi(BrokenEvents), nameof(ThingChanged));

    [Fact]
    public void Event_name_rule_reports_an_event_without_the_suffix() =>
        Reports(IntegrationEventTests.MisnamedEvents(BrokenEvents), nameof(ThingChanged));

    [Fact]
    public void Event_record_rule_reports_an_unsealed_class() =>
        Reports(IntegrationEventTests.EventsNotSealedRecords(BrokenEvents), nameof(ThingChanged));

    [Fact]
    public void Event_immutability_rule_reports_setters_and_writable_fields()
    {
        var offenders = IntegrationEventTests.MutableEventMembers(BrokenEvents);
        Reports(offenders, "ThingChanged.Name has a public setter");
        Reports(offenders, "ThingChanged.Counter is a writable field");
    }

    [Fact]
    public void Handler_shape_rule_reports_a_public_handler_not_named_Handler() =>
        Reports(IntegrationEventTests.PublicOrMisnamedHandlers(BrokenHandlers), $"{nameof(ThingWatcher)} (public)");

    [Fact]
    public void Handler_folder_rule_reports_a_handler_outside_IntegrationEvents() =>
        Reports(IntegrationEventTests.HandlersOutsideTheirFolder(BrokenHandlers), nameof(ThingWatcher));

    // IdentityTests, PluginTests, WorkflowServerTests

    [Fact]
    public void Identity_reference_rule_reports_a_module_reference() =>
        Reports(IdentityTests.ForbiddenReferences(Broken), "Crm.BrokenSamples references Crm.Accounts");

    [Fact]
    public void No_identity_rule_reports_a_module_referencing_identity() =>
        Reports(IdentityTests.ReferencingIdentity([Broken]), "Crm.BrokenSamples");

    [Fact]
    public void Identity_shape_rules_report_a_public_unsealed_class()
    {
        Reports(IdentityTests.PublicBeyondSurface(Broken, []), Sample("Features.Things.LeakyFeature"));
        Reports(ModuleShapeTests.UnsealedClasses(Broken), Sample("Features.Things.LeakyFeature"));
    }

    [Fact]
    public void Plugin_reference_rule_reports_module_identity_and_runtime_references()
    {
        var offenders = PluginTests.ForbiddenReferences(Broken).ToList();
        Reports(offenders, "references Crm.Accounts");
        Reports(offenders, "references Crm.Identity");
        Reports(offenders, "references Crm.Workflows");
    }

    [Fact]
    public void Plugin_shape_rule_reports_a_public_unsealed_class()
    {
        var (publicTypes, unsealed) = PluginTests.ShapeOffenders(Broken);
        Reports(publicTypes, Sample("Features.Things.LeakyFeature"));
        Reports(unsealed, Sample("Features.Things.LeakyFeature"));
    }

    [Fact]
    public void Workflow_server_reference_rule_reports_a_module_implementation_reference() =>
        Reports(WorkflowServerTests.ModuleOrPluginReferences(Broken), "Crm.BrokenSamples references Crm.Accounts");

    [Fact]
    public void Workflow_server_event_rule_reports_a_declared_integration_event() =>
        Reports(WorkflowServerTests.DeclaredIntegrationEvents(Broken), nameof(ThingChanged));

    // LocalizationTests (source scans)

    private static string LocalizationSamples => Path.Combine(LocalizationTests.RepositoryRoot, "tests", "Crm.ArchitectureTests", "BrokenSamples", "Localization");

    [Fact]
    public void Text_key_rule_reports_a_key_missing_from_the_resx()
    {
        var offenders = LocalizationTests.MissingTextKeys(LocalizationSamples, out var checkedKeys);

        Assert.Equal(2, checkedKeys);
        Assert.Equal(["SamplePage.razor: T[\"MissingKey\"] is not in SampleText.resx"], offenders);
    }

    [Fact]
    public void Translation_rule_reports_a_key_only_the_translation_has() =>
        Assert.Equal(["SampleText.zh-Hans.resx: ExtraKey"], LocalizationTests.ExtraTranslationKeys(LocalizationSamples));

    [Fact]
    public void Navigation_text_rule_reports_a_missing_menu_key() =>
        Reports(LocalizationTests.MissingNavigationTexts([new BrokenModule()]), "'MissingTitleKey'");

    // FormTests (source scan)

    [Fact]
    public void Form_rule_reports_a_page_that_catches_errors_by_hand()
    {
        var root = Path.Combine(LocalizationTests.RepositoryRoot, "tests", "Crm.ArchitectureTests", "BrokenSamples", "Forms");

        var offenders = FormTests.HandCaughtErrors(root, out var pages);

        Assert.Equal(1, pages);
        Assert.Equal(["ValidationException", "BusinessRuleException", "CrmException"],
            offenders.Select(o => new[] { "ValidationException", "BusinessRuleException", "CrmException" }.First(o.Contains)));
        Assert.All(offenders, o => Assert.StartsWith(Path.Combine("Pages", "HandCaughtPage.razor"), o, StringComparison.Ordinal));
    }

    // VersioningTests (source scan)

    [Fact]
    public void Versioning_rule_reports_a_route_that_sets_the_ETag_by_hand()
    {
        var root = Path.Combine(LocalizationTests.RepositoryRoot, "tests", "Crm.ArchitectureTests", "BrokenSamples");

        var offenders = VersioningTests.HandSetETags(root, ["Versioning"], "*.cs.txt", out var files);

        Assert.Equal(1, files);
        Assert.Equal([Path.Combine("Versioning", "HandMadeETag.cs.txt") + ":5"], offenders);
    }

    [Fact]
    public void Broken_samples_are_not_part_of_the_host() =>
        // The samples must never reach production: nothing the host loads may reference them.
        Assert.DoesNotContain(Solution.CrmAssemblies, a => a.GetName().Name!.StartsWith("Crm.BrokenSamples", StringComparison.Ordinal));
}
