using Crm.BuildingBlocks.PublicApi;

namespace Crm.Accounts.PublicApi.IntegrationEvents;

/// <summary>An account moved along its lifecycle (ToIdentify, Potential, Opportunity, OrderingCustomer, User, Lost).</summary>
public sealed record AccountStageChangedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid AccountId,
    string FromStage,
    string ToStage,
    string? Reason,
    string ChangedBy) : IIntegrationEvent;
