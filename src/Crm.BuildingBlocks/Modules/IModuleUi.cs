using System.Reflection;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// The web UI a module (or a host-level component such as the workflow server) contributes to the shell. The shell asks
/// only enabled modules, so a disabled module's pages are not routed (404) and its entries leave the navigation.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="IModule"/> so a module without pages needs nothing, and free of UI-library types so
/// building blocks do not depend on Blazor component libraries. Implement it on the module class.
/// </remarks>
public interface IModuleUi
{
    /// <summary>
    /// The assembly holding the module's routable components (<c>@page</c>), added to the router and to the
    /// component endpoints when the module is enabled. Null when the contribution has no pages of its own.
    /// </summary>
    Assembly? PagesAssembly { get; }

    /// <summary>Entries of the main navigation, ordered by <see cref="UiNavigationItem.Order"/> across all modules.</summary>
    IReadOnlyList<UiNavigationItem> Navigation { get; }

    /// <summary>Components shown on the home dashboard (public, parameterless Razor components), in this order.</summary>
    IReadOnlyList<Type> DashboardWidgets => [];

    /// <summary>
    /// Tabs this module adds to another module's record page (e.g. Funnel's opportunities on the customer page), so a
    /// record page shows what every enabled module knows about the record without referencing those modules.
    /// </summary>
    IReadOnlyList<UiRecordTab> RecordTabs => [];
}

/// <summary>The record pages that take tabs from other modules (<see cref="UiRecordTab.Record"/>).</summary>
public static class UiRecords
{
    /// <summary>The customer (account) page; the tab component gets the account id.</summary>
    public const string Account = "account";
}

/// <summary>
/// One tab on a record page. <paramref name="Component"/> is a public Razor component with a <c>[Parameter] Guid
/// RecordId</c>; it loads its own data.
/// </summary>
/// <param name="Record">Which record page, one of <see cref="UiRecords"/>.</param>
/// <param name="TitleKey">Resource key of the tab title in <paramref name="TextResource"/>.</param>
/// <param name="TextResource">The type whose resources hold <paramref name="TitleKey"/>.</param>
/// <param name="Component">The tab's content.</param>
/// <param name="Order">Position after the page's own tabs.</param>
/// <param name="Policy">The policy (<see cref="Identity.CrmPolicies"/>) a user needs to see the tab; null for everyone who sees the page.</param>
public sealed record UiRecordTab(string Record, string TitleKey, Type TextResource, Type Component, int Order = 100, string? Policy = null);

/// <summary>
/// One navigation entry. Texts are resource keys looked up in <see cref="TextResource"/> (an <c>IStringLocalizer</c>
/// source type of the contributing assembly), so the menu follows the user's language.
/// </summary>
/// <param name="Href">Relative address, e.g. <c>accounts</c> (no leading slash: the shell's base href is <c>/</c>).</param>
/// <param name="TitleKey">Resource key of the menu text.</param>
/// <param name="TextResource">The type whose resources hold <paramref name="TitleKey"/> and <paramref name="DescriptionKey"/>.</param>
/// <param name="Icon">An SVG icon: MudBlazor's <c>Icons.Material.*</c> constants are plain strings.</param>
/// <param name="Order">Position in the menu; the shell's own entries use 0 (home) and 900+ (administration).</param>
/// <param name="DescriptionKey">Resource key of a one-line description, shown on the home dashboard's module tile; null for no tile.</param>
/// <param name="Policy">
/// The authorisation policy (<see cref="Identity.CrmPolicies"/>) a user needs to see the entry; null means every
/// signed-in user. Use the policy the page itself requires: hiding an entry is not protection.
/// </param>
public sealed record UiNavigationItem(
    string Href,
    string TitleKey,
    Type TextResource,
    string Icon,
    int Order = 100,
    string? DescriptionKey = null,
    string? Policy = null);
