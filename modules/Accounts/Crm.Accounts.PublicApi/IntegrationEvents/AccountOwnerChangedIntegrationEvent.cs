using Crm.BuildingBlocks.PublicApi;

namespace Crm.Accounts.PublicApi.IntegrationEvents;

/// <summary>An account got a new owner (single change or bulk transfer).</summary>
public sealed record AccountOwnerChangedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid AccountId,
    Guid? FromOwnerId,
    Guid? ToOwnerId,
    string? Reason,
    string ChangedBy) : IIntegrationEvent;
