namespace Crm.Workflows.Abstractions;

/// <summary>
/// A property the process owner sets in the designer (a literal or an expression). The runtime evaluates the
/// expression, converts it to the property's type and assigns it before <see cref="IActivity.ExecuteAsync"/>.
/// Supported property types: string, bool, int, long, decimal, double, DateTime, DateTimeOffset, TimeSpan, Guid,
/// enums, string[] and object (JSON).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    /// <summary>One of <see cref="UIHints"/>; default depends on the property type.</summary>
    public string? UIHint { get; init; }

    /// <summary>Fixed dropdown options, each "value" or "Text|value".</summary>
    public string[]? Options { get; init; }

    /// <summary>Literal default shown in the designer.</summary>
    public string? DefaultValue { get; init; }

    public string? Category { get; init; }

    public int Order { get; init; }

    /// <summary>Publishing a workflow where this input is empty fails with a message naming the activity.</summary>
    public bool IsRequired { get; init; }
}

/// <summary>A value the activity produces; the runtime records it and later activities can read it.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }
}

/// <summary>An outcome of the activity: the designer draws one outgoing port per outcome.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class OutcomeAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string? DisplayName { get; init; }
}

/// <summary>The designer's input editors (Elsa Studio UI hints).</summary>
public static class UIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string CheckBox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string DateTime = "datetime-picker";
    public const string Json = "json-editor";
    public const string Code = "code-editor";
    public const string MultiText = "multitext";
    public const string OutcomePicker = "outcome-picker";
    public const string DynamicOutcomes = "dynamic-outcomes";
}
