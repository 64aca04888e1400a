using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>
/// A quote was submitted with a discount above the approval threshold and waits for a decision (starts the published
/// discount-approval workflow). <see cref="DiscountPercent"/> is the effective discount against list prices.
/// </summary>
public sealed record QuoteDiscountApprovalRequestedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid QuoteId,
    string Number,
    int Revision,
    Guid OpportunityId,
    Guid AccountId,
    decimal ListTotal,
    decimal Total,
    decimal DiscountPercent,
    decimal ThresholdPercent,
    Guid? OwnerId,
    string RequestedBy) : IIntegrationEvent;
