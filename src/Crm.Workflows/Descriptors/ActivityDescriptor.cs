namespace Crm.Workflows.Descriptors;

/// <summary>
/// Everything the designer and the runtime need to know about an activity type. Serialised to Elsa Studio's
/// descriptor JSON by the API; used by the runtime to type inputs (Studio sends new inputs with typeName null).
/// </summary>
internal sealed record ActivityDescriptor
{
    /// <summary>"Elsa.WriteLine", "Crm.RequestApproval".</summary>
    public required string TypeName { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public int Version { get; init; } = 1;

    public required string Category { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    /// <summary>Action, Trigger, Job or Task.</summary>
    public string Kind { get; init; } = "Action";

    public bool IsContainer { get; init; }

    public bool IsBrowsable { get; init; } = true;

    public bool IsStart { get; init; }

    public bool IsTerminal { get; init; }

    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];

    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>Outgoing flow ports (outcomes) and embedded ports. No Flow port means the single default "Done" port.</summary>
    public IReadOnlyList<PortDescriptor> Ports { get; init; } = [];

    /// <summary>The SDK class implementing it; null for the runtime's built-in core activities.</summary>
    public Type? ActivityType { get; init; }

    /// <summary>The module or plugin that contributed it ("Core" for built-ins), so a disabled module's activities can be told apart.</summary>
    public string Source { get; init; } = "Core";
}

/// <summary>An input as the designer edits it. <see cref="Name"/> is the camelCase JSON property on the activity.</summary>
internal sealed record InputDescriptor
{
    public required string Name { get; init; }

    /// <summary>Elsa type name: String, Boolean, Int32, Int64, Decimal, Double, DateTime, DateTimeOffset, TimeSpan, Guid, Object, String[]...</summary>
    public required string TypeName { get; init; }

    /// <summary>The CLR type literals are converted to.</summary>
    public required Type ClrType { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    public string UIHint { get; init; } = "singleline";

    /// <summary>Fixed dropdown options as (text, value).</summary>
    public IReadOnlyList<(string Text, string Value)>? Options { get; init; }

    public string? DefaultValue { get; init; }

    public string? Category { get; init; }

    public int Order { get; init; }

    public bool IsRequired { get; init; }

    /// <summary>Wrapped inputs arrive as {typeName, expression:{type,value}}; all ours are.</summary>
    public bool IsWrapped { get; init; } = true;

    /// <summary>The SDK property to assign; null for core activities.</summary>
    public System.Reflection.PropertyInfo? Property { get; init; }
}

internal sealed record OutputDescriptor(string Name, string TypeName, string DisplayName, string? Description, System.Reflection.PropertyInfo? Property = null);

/// <summary>
/// A port. <see cref="Type"/> is "Flow" for an outgoing connection handle (an outcome) or "Embedded" for a container's
/// child slot such as ForEach's Body, whose content is stored under the camelCased port name ("body").
/// </summary>
internal sealed record PortDescriptor(string Name, string DisplayName, string Type = PortDescriptor.Flow, bool IsBrowsable = true)
{
    public const string Flow = "Flow";
    public const string Embedded = "Embedded";
}
