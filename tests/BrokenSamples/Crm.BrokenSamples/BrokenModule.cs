using System.Reflection;
using Crm.BrokenSamples.Features.Things;
using Crm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BrokenSamples;

/// <summary>
/// A module that breaks every architecture rule once. Each rule's test runs the rule on this assembly and expects the
/// offender named in <see cref="BrokenSampleNames"/>; a rule that stops seeing its sample has become vacuous.
/// </summary>
public sealed class BrokenModule : IModule, IModuleUi
{
    public string Name => "Broken";

    /// <summary>
    /// Broken: a module implementation (a page type, which the host-side "IModule only" rule also sees), identity and
    /// the workflow runtime, referenced from a module. Kept in a field: a discarded typeof is compiled away.
    /// </summary>
    internal static readonly Type[] Leaks =
    [
        typeof(Crm.Accounts.Pages.AccountList),
        typeof(Crm.Identity.Authentication.CrmAuthenticationSchemes),
        typeof(Crm.Workflows.WorkflowsServiceCollectionExtensions),
    ];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<LeakyFeature>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapThings();

    public Assembly? PagesAssembly => null;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
        [new("broken", "MissingTitleKey", typeof(Pages.BrokenText), "icon")];
}

/// <summary>
/// Lists Accounts as an optional use but still takes IAccountsApi directly (<see cref="AccountNamer"/>): the
/// optional-use rule must report it, because that injection fails when Accounts is off.
/// </summary>
public sealed class BrokenOptionalUseModule : IModule
{
    public string Name => "BrokenOptionalUse";

    public IReadOnlyCollection<string> OptionalUses => ["Accounts"];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
