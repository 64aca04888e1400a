namespace Crm.Workflows.Abstractions;

/// <summary>
/// Marks a class as a workflow activity and describes it for the designer's toolbox. The type name the designer
/// stores is <c>{Namespace}.{Name}</c>, e.g. <c>Crm.RequestApproval</c>; keep it stable once workflows use it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string name) : Attribute
{
    public string Namespace { get; } = @namespace;

    public string Name { get; } = name;

    /// <summary>A flat toolbox category such as "CRM Approvals" (the designer shows only the part before a '/').</summary>
    public string Category { get; init; } = "CRM";

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    public int Version { get; init; } = 1;

    public string TypeName => $"{Namespace}.{Name}";
}

/// <summary>How the designer presents an activity.</summary>
public enum ActivityKind
{
    /// <summary>Does its work and completes.</summary>
    Action,

    /// <summary>Starts workflows when something happens (an integration event, a timer).</summary>
    Trigger,

    /// <summary>Long-running work.</summary>
    Job,

    /// <summary>Work for a person; the designer adds a Task tab.</summary>
    Task,
}
