using System.Reflection;
using Crm.BuildingBlocks.Modules;

namespace Crm.Web.Composition;

/// <summary>
/// What the shell shows, composed once at start-up from the enabled modules that implement <see cref="IModuleUi"/> and
/// from host-level contributions registered as <see cref="IModuleUi"/> services. A disabled module is not asked, so its
/// pages are not routed and its menu entries and dashboard widgets do not appear.
/// </summary>
public sealed class UiComposition
{
    public UiComposition(ModuleSelection selection, IEnumerable<IModuleUi> hostContributions)
    {
        var contributions = selection.Enabled.OfType<IModuleUi>().Concat(hostContributions).ToList();
        PageAssemblies = contributions.Select(c => c.PagesAssembly).OfType<Assembly>()
            .Where(a => a != typeof(UiComposition).Assembly)
            .Distinct()
            .ToList();
        Navigation = contributions.SelectMany(c => c.Navigation).OrderBy(n => n.Order).ThenBy(n => n.Href, StringComparer.Ordinal).ToList();
        DashboardWidgets = contributions.SelectMany(c => c.DashboardWidgets).Distinct().ToList();
        _recordTabs = contributions.SelectMany(c => c.RecordTabs).OrderBy(t => t.Order).ThenBy(t => t.Component.FullName, StringComparer.Ordinal).ToList();
    }

    private readonly List<UiRecordTab> _recordTabs;

    /// <summary>Assemblies of routable components besides the shell's own (router and component endpoints).</summary>
    public IReadOnlyList<Assembly> PageAssemblies { get; }

    /// <summary>Menu entries of every contribution, by <see cref="UiNavigationItem.Order"/>.</summary>
    public IReadOnlyList<UiNavigationItem> Navigation { get; }

    /// <summary>Home dashboard widgets, in module order.</summary>
    public IReadOnlyList<Type> DashboardWidgets { get; }

    /// <summary>The tabs enabled modules add to the record page <paramref name="record"/> (<see cref="UiRecords"/>), in order.</summary>
    public IReadOnlyList<UiRecordTab> RecordTabsOf(string record) => _recordTabs.Where(t => t.Record == record).ToList();
}
