using System.Reflection;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using MudBlazor;

namespace Crm.Identity.Pages;

/// <summary>The identity component's contribution to the web UI: the Users and Roles pages and the audit log for administrators, and the dictionaries (数据字典) for whoever sets the installation up.</summary>
internal sealed class IdentityUi : IModuleUi
{
    public Assembly PagesAssembly => typeof(IdentityUi).Assembly;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
    [
        new("users", "NavUsers", typeof(IdentityText), Icons.Material.Filled.People, Order: 910, Policy: CrmPolicies.Administration),
        new("roles", "NavRoles", typeof(IdentityText), Icons.Material.Filled.Badge, Order: 915, Policy: CrmPolicies.Administration),
        new("audit", "NavAuditLog", typeof(IdentityText), Icons.Material.Filled.History, Order: 920, Policy: CrmPolicies.Administration),
        new("dictionaries", "NavDictionaries", typeof(IdentityText), Icons.Material.Filled.List, Order: 925, Policy: CrmPolicies.SystemSetup),
    ];
}
