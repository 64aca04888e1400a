using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>Someone followed a lead up (a call, an e-mail, a visit). Ends a "Wait for follow-up" in the assignment workflow.</summary>
public sealed record LeadFollowedUpIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid LeadId,
    Guid FollowUpId,
    string Channel,
    DateTime FollowedUpAtUtc,
    Guid? OwnerId,
    string RecordedBy) : IIntegrationEvent;
