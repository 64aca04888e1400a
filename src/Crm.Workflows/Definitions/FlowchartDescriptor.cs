namespace Crm.Workflows.Definitions;

/// <summary>The root container every definition has; its descriptor comes with the runtime's core activities.</summary>
internal static class FlowchartDescriptor
{
    public const string TypeName = "Elsa.Flowchart";
}
