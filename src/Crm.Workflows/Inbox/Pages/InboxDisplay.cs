using Crm.Workflows.Inbox.Domain;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Crm.Workflows.Inbox.Pages;

/// <summary>How the inbox pages show task values.</summary>
internal static class InboxDisplay
{
    /// <summary>Resource key <c>&lt;EnumType&gt;_&lt;Value&gt;</c>, e.g. <c>TaskPriority_Urgent</c>.</summary>
    public static string Name<TEnum>(this IStringLocalizer<InboxText> text, TEnum value)
        where TEnum : struct, Enum => text[$"{typeof(TEnum).Name}_{value}"];

    public static Color PriorityColor(TaskPriority priority) => priority switch
    {
        TaskPriority.Urgent => Color.Error,
        TaskPriority.High => Color.Warning,
        TaskPriority.Low => Color.Default,
        _ => Color.Info,
    };
}
