namespace Crm.Workflows;

// The workflow server is being built (issue 3); this file only keeps the empty project compiling.
internal static class WorkflowsAssembly;
