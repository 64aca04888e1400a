using System.Reflection;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using MudBlazor;

namespace Crm.Workflows.Inbox.Pages;

/// <summary>The inbox's contribution to the web UI: the Inbox pages for every member of staff, and "My open tasks" on the home page, and the team page for managers.</summary>
internal sealed class InboxUi : IModuleUi
{
    public Assembly PagesAssembly => typeof(InboxUi).Assembly;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
    [
        new("inbox", "NavInbox", typeof(InboxText), Icons.Material.Filled.Inbox, Order: 5, DescriptionKey: "NavInboxDescription", Policy: CrmPolicies.SignedIn),
        // Managers' tools: in the menu of those who may hand work over (an executive may still open the team page).
        new("inbox/team", "NavTeam", typeof(InboxText), Icons.Material.Filled.Groups, Order: 6, DescriptionKey: "NavTeamDescription", Policy: CrmPolicies.WorkTransfer),
    ];

    public IReadOnlyList<Type> DashboardWidgets { get; } = [typeof(MyOpenTasks)];
}
