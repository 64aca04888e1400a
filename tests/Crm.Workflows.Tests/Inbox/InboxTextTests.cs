using System.Globalization;
using System.Resources;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Features.ListTasks;
using Crm.Workflows.Inbox.Pages;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>The inbox pages show enum values, lists and sorts by name from InboxText.resx: every one needs its text.</summary>
public sealed class InboxTextTests
{
    private static readonly ResourceManager Texts = new(typeof(InboxText).FullName!, typeof(InboxText).Assembly);

    public static TheoryData<Type> ShownEnums => new(typeof(TaskPriority), typeof(HumanTaskStatus), typeof(DelegationState), typeof(TaskAction));

    [Theory]
    [MemberData(nameof(ShownEnums))]
    public void Every_value_of_a_shown_enum_has_a_display_name(Type enumType)
    {
        AssertTexts(Enum.GetNames(enumType).Select(v => $"{enumType.Name}_{v}"));
    }

    [Fact]
    public void Every_list_sort_and_workflow_state_has_a_display_name()
    {
        AssertTexts(TaskViewNames.Names.Where(v => v != TaskViewNames.All).Select(v => "View_" + v));
        AssertTexts(TaskSorts.All.Select(s => "Sort_" + s));
        AssertTexts(Enum.GetNames<Crm.Workflows.Runtime.WorkflowSubStatus>().Select(s => "WorkflowStatus_" + s));
    }

    private static void AssertTexts(IEnumerable<string> keys)
    {
        var missing = keys.Where(k => Texts.GetString(k, CultureInfo.InvariantCulture) is null).ToList();
        Assert.True(missing.Count == 0, "Missing in InboxText.resx: " + string.Join(", ", missing));
    }
}
