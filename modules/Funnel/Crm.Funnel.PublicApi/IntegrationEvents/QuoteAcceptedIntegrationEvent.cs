using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>The customer accepted a quote; the opportunity's amount becomes the quote's total.</summary>
public sealed record QuoteAcceptedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid QuoteId,
    string Number,
    int Revision,
    Guid OpportunityId,
    Guid AccountId,
    decimal Total,
    decimal DiscountPercent,
    Guid? OwnerId,
    string AcceptedBy) : IIntegrationEvent;
