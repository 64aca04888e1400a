using Crm.BuildingBlocks.Localization;
using Crm.Workflows.Descriptors;

namespace Crm.Workflows.Api;

/// <summary>
/// Activity descriptors in the shape Studio's toolbox and property panes read (contract section 3b). The texts a process
/// owner reads (names, descriptions, categories, input labels, outcomes) follow the reader's language through the
/// message catalogues (ADR 0110); type names, input names and port names are identifiers and never change.
/// </summary>
internal static class DescriptorModels
{
    private static string? Text(string? english) => english is null ? null : ServerText.Translate(english);

    public static ActivityDescriptorModel Activity(ActivityDescriptor descriptor) => new(
        descriptor.TypeName,
        descriptor.Namespace,
        descriptor.Name,
        descriptor.Version,
        Text(descriptor.Category)!,
        Text(descriptor.DisplayName)!,
        Text(descriptor.Description),
        descriptor.Inputs.OrderBy(i => i.Order).Select(i => Input(i, descriptor)).ToList(),
        descriptor.Outputs.Select((o, i) => new OutputDescriptorModel(o.Name, o.TypeName, Text(o.DisplayName)!, Text(o.Description), i, true, false)).ToList(),
        descriptor.Kind,
        // Outcomes are Flow ports: the designer draws one out-handle per port (none = its default "Done").
        descriptor.Ports.Select(p => new PortModel(p.Name, Text(p.DisplayName)!, p.Type, p.IsBrowsable)).ToList(),
        new Dictionary<string, object?>(),
        new Dictionary<string, object?>(),
        descriptor.IsContainer,
        descriptor.IsBrowsable,
        descriptor.IsStart,
        descriptor.IsTerminal,
        false);

    public static InputDescriptorModel Input(InputDescriptor input, ActivityDescriptor? activity = null) => new(
        input.Name,
        input.TypeName,
        Text(input.DisplayName)!,
        Text(input.Description),
        input.Order,
        true,
        false,
        input.IsWrapped,
        input.UIHint,
        Text(input.Category),
        input.DefaultValue,
        "Literal",
        false,
        false,
        null,
        FixedOptions(input) ?? DynamicOutcomeOptions(input, activity));

    /// <summary>
    /// Studio draws the ports of an activity with a <c>dynamic-outcomes</c> input from that input's value (the process
    /// owner's outcomes) plus <c>uiSpecifications.DynamicOutcomesOptions.fixedOutcomes</c>: an SDK activity's own
    /// [Outcome]s, such as a human task's "Overdue", so they stay drawn next to the owner's.
    /// </summary>
    private static Dictionary<string, object?>? DynamicOutcomeOptions(InputDescriptor input, ActivityDescriptor? activity) =>
        input.UIHint == Abstractions.UIHints.DynamicOutcomes && activity?.Ports.Where(p => p.Type == PortDescriptor.Flow).Select(p => p.Name).ToList() is { Count: > 0 } fixedOutcomes
            ? new Dictionary<string, object?> { ["DynamicOutcomesOptions"] = new DynamicOutcomesOptions(fixedOutcomes) }
            : null;

    /// <summary>
    /// <c>uiSpecifications</c> of an input with fixed options: <c>{"dropdown":{"selectList":{"items":[{text,value}]}}}</c>.
    /// Studio reads the same key for radio lists and check lists.
    /// </summary>
    public static Dictionary<string, object?>? FixedOptions(InputDescriptor input) =>
        input.Options is not { } options
            ? null
            : new Dictionary<string, object?>
            {
                [SpecificationKey(input.UIHint)] = new SelectListSpecification(new SelectList(options.Select(o => new SelectListItem(Text(o.Text)!, o.Value)).ToList(), false)),
            };

    private static string SpecificationKey(string uiHint) => uiHint switch
    {
        "radiolist" or "checklist" => uiHint,
        _ => "dropdown",
    };
}

internal sealed record ActivityDescriptorModel(
    string TypeName,
    string Namespace,
    string Name,
    int Version,
    string Category,
    string DisplayName,
    string? Description,
    IReadOnlyList<InputDescriptorModel> Inputs,
    IReadOnlyList<OutputDescriptorModel> Outputs,
    string Kind,
    IReadOnlyList<PortModel> Ports,
    IDictionary<string, object?> CustomProperties,
    IDictionary<string, object?> ConstructionProperties,
    bool IsContainer,
    bool IsBrowsable,
    bool IsStart,
    bool IsTerminal,
    bool RunAsynchronously);

internal sealed record InputDescriptorModel(
    string Name,
    string TypeName,
    string DisplayName,
    string? Description,
    int Order,
    bool IsBrowsable,
    bool IsSynthetic,
    bool IsWrapped,
    string UiHint,
    string? Category,
    string? DefaultValue,
    string DefaultSyntax,
    bool IsReadOnly,
    bool IsSensitive,
    string? StorageDriverType,
    IDictionary<string, object?>? UiSpecifications);

internal sealed record OutputDescriptorModel(string Name, string TypeName, string DisplayName, string? Description, int Order, bool IsBrowsable, bool IsSynthetic);

internal sealed record PortModel(string Name, string DisplayName, string Type, bool IsBrowsable);

internal sealed record SelectListSpecification(SelectList SelectList);

internal sealed record SelectList(IReadOnlyList<SelectListItem> Items, bool IsFlagsEnum);

internal sealed record SelectListItem(string Text, string Value);

internal sealed record DynamicOutcomesOptions(IReadOnlyList<string> FixedOutcomes);

internal sealed record ExpressionDescriptorModel(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IDictionary<string, object> Properties);

/// <summary>Activation, incident and log-persistence strategies share this shape.</summary>
internal sealed record StrategyModel(string TypeName, string DisplayName, string Description);

internal sealed record CommitStrategyModel(string Name, string DisplayName, string? Description);

internal sealed record VariableTypeModel(string TypeName, string DisplayName, string Category, string? Description);

internal sealed record StorageDriverModel(string TypeName, string DisplayName, int Priority, bool Deprecated);

internal sealed record FeatureModel(string Name, string Namespace, string FullName, string DisplayName, string? Description);
