using Crm.Workflows.Descriptors;

namespace Crm.Workflows.Definitions;

/// <summary>
/// The root container every definition has. Studio opens only <c>Elsa.Flowchart</c> roots in its designer and needs its
/// descriptor to edit them; it is hidden from the toolbox. Registered only when no other source (the runtime's core
/// activities) describes <c>Elsa.Flowchart</c> itself.
/// </summary>
internal static class FlowchartDescriptor
{
    public const string TypeName = "Elsa.Flowchart";

    public static ActivityDescriptor Instance { get; } = new()
    {
        TypeName = TypeName,
        Namespace = "Elsa",
        Name = "Flowchart",
        Category = "Workflows",
        DisplayName = "Flowchart",
        Description = "A flowchart is a collection of activities and connections.",
        IsContainer = true,
        IsBrowsable = false,
    };
}
