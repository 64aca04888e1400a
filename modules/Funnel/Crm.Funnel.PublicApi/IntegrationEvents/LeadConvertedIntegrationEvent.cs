using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>
/// A qualified lead became a customer: <see cref="AccountId"/> (new or an existing duplicate it was linked to),
/// the contact person and, when one was opened, the opportunity.
/// </summary>
public sealed record LeadConvertedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid LeadId,
    Guid AccountId,
    bool AccountCreated,
    Guid? ContactId,
    Guid? OpportunityId,
    Guid? CampaignId,
    Guid? OwnerId,
    string ConvertedBy) : IIntegrationEvent;
