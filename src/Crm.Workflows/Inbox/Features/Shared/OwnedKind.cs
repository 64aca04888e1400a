namespace Crm.Workflows.Inbox.Features.Shared;

/// <summary>How many records of one kind ("leads") one module ("Funnel") counts for a person: a workload line or a transfer preview line.</summary>
internal sealed record OwnedKind(string Module, string Kind, string One, string Many, int Count);
