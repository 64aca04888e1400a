using Crm.Accounts.Domain;
using Crm.BuildingBlocks.Identity;
using Crm.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Crm.Accounts.Pages;

/// <summary>How the pages show the module's values: localised enum names, stage colours, owner names.</summary>
internal static class AccountsDisplay
{
    /// <summary>Resource key <c>&lt;EnumType&gt;_&lt;Value&gt;</c>, e.g. <c>LifecycleStage_ToIdentify</c>.</summary>
    public static string Name<TEnum>(this IStringLocalizer<AccountsText> text, TEnum value)
        where TEnum : struct, Enum => text[$"{typeof(TEnum).Name}_{value}"];

    public static string? Name<TEnum>(this IStringLocalizer<AccountsText> text, TEnum? value)
        where TEnum : struct, Enum => value is { } v ? text.Name(v) : null;

    public static Color StageColor(LifecycleStage stage) => stage switch
    {
        LifecycleStage.ToIdentify => Color.Default,
        LifecycleStage.Potential => Color.Info,
        LifecycleStage.Opportunity => Color.Warning,
        LifecycleStage.OrderingCustomer => Color.Success,
        LifecycleStage.User => Color.Primary,
        _ => Color.Error,
    };

    /// <summary>
    /// Display names of staff ids from the identity component's staff directory; empty when the host has none (then
    /// pages show the id itself).
    /// </summary>
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

    /// <summary>The staff member's name, or the start of the id when no directory knows it.</summary>
    public static string Staff(IReadOnlyDictionary<Guid, string> names, Guid? id) =>
        id is not { } value ? "" : names.TryGetValue(value, out var name) ? name : value.ToString()[..8];
}
