using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>A lead was closed as not worth pursuing, with the reason.</summary>
public sealed record LeadDisqualifiedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid LeadId,
    string Reason,
    Guid? OwnerId,
    string DisqualifiedBy) : IIntegrationEvent;
