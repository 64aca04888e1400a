using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>
/// A lead got an owner or was put in a queue (<see cref="ToOwnerId"/> null). <see cref="Strategy"/> is RoundRobin,
/// LeastLoaded, Rule, Queue or Manual.
/// </summary>
public sealed record LeadAssignedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid LeadId,
    Guid? FromOwnerId,
    Guid? ToOwnerId,
    string? Queue,
    string Strategy,
    string? Reason,
    string AssignedBy) : IIntegrationEvent;
