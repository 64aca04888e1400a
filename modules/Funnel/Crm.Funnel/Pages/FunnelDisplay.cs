using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
using Crm.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Crm.Funnel.Pages;

/// <summary>How the pages show the module's values: localised enum names, status colours, staff and account names.</summary>
internal static class FunnelDisplay
{
    /// <summary>Resource key <c>&lt;EnumType&gt;_&lt;Value&gt;</c>, e.g. <c>LeadStatus_New</c>.</summary>
    public static string Name<TEnum>(this IStringLocalizer<FunnelText> text, TEnum value)
        where TEnum : struct, Enum => text[$"{typeof(TEnum).Name}_{value}"];

    public static string? Name<TEnum>(this IStringLocalizer<FunnelText> text, TEnum? value)
        where TEnum : struct, Enum => value is { } v ? text.Name(v) : null;

    public static Color LeadColor(LeadStatus status) => status switch
    {
        LeadStatus.New => Color.Info,
        LeadStatus.Working => Color.Warning,
        LeadStatus.Qualified => Color.Primary,
        LeadStatus.Converted => Color.Success,
        _ => Color.Default,
    };

    public static Color OpportunityColor(OpportunityStatus status) => status switch
    {
        OpportunityStatus.Won => Color.Success,
        OpportunityStatus.Lost => Color.Error,
        _ => Color.Info,
    };

    public static Color QuoteColor(QuoteStatus status) => status switch
    {
        QuoteStatus.PendingApproval => Color.Warning,
        QuoteStatus.Approved or QuoteStatus.Sent => Color.Info,
        QuoteStatus.Accepted => Color.Success,
        QuoteStatus.Rejected or QuoteStatus.Declined => Color.Error,
        _ => Color.Default,
    };

    public static Color CampaignColor(CampaignStatus status) => status switch
    {
        CampaignStatus.Active => Color.Success,
        CampaignStatus.Planned => Color.Info,
        CampaignStatus.Cancelled => Color.Error,
        _ => Color.Default,
    };

    /// <summary>Display names of staff ids from the identity component's directory; empty when the host has none.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> StaffNamesAsync(this UiMediator ui, IEnumerable<Guid?> ids)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        return await ui.RunAsync<IReadOnlyDictionary<Guid, string>>(async services =>
            services.GetService<IStaffDirectory>() is { } directory
                ? (await directory.FindManyAsync(wanted)).ToDictionary(s => s.UserId, s => s.DisplayName)
                : new Dictionary<Guid, string>());
    }

    /// <summary>Everyone in the staff directory (owner pickers); nobody when the host has no directory.</summary>
    public static Task<IReadOnlyList<StaffMember>> StaffAsync(this UiMediator ui) =>
        ui.RunAsync<IReadOnlyList<StaffMember>>(async services =>
            services.GetService<IStaffDirectory>() is { } directory ? await directory.ListAsync() : []);

    /// <summary>Account names through the Accounts module's public API (the pages show names, not ids).</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> AccountNamesAsync(this UiMediator ui, IEnumerable<Guid?> ids)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        return await ui.RunAsync<IReadOnlyDictionary<Guid, string>>(async services =>
            (await services.GetRequiredService<IAccountsApi>().GetSummariesAsync(wanted)).ToDictionary(a => a.Id, a => a.Name));
    }

    /// <summary>The name, or the start of the id when nobody knows it.</summary>
    public static string Named(IReadOnlyDictionary<Guid, string> names, Guid? id) =>
        id is not { } value ? "" : names.TryGetValue(value, out var name) ? name : value.ToString()[..8];

    /// <summary>Staff ids among "who did it" values (the module records the user id; other callers may record a name).</summary>
    public static IEnumerable<Guid?> People(IEnumerable<string?> by) => by.Select(b => Guid.TryParse(b, out var id) ? id : (Guid?)null);

    /// <summary>A "who did it" value as a name when it is a known staff id, otherwise as recorded.</summary>
    public static string Person(IReadOnlyDictionary<Guid, string> names, string? by) =>
        Guid.TryParse(by, out var id) && names.TryGetValue(id, out var name) ? name : by ?? "";

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Or(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;
}
