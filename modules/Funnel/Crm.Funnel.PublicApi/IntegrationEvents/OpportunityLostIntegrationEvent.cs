using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>
/// An opportunity was lost. <see cref="ReasonCategory"/> is Price, Competitor, NoBudget, NoDecision, ProductFit, Timing or
/// Other; <see cref="Competitor"/> names who won it, when known (the Competition module builds win/loss from these).
/// </summary>
public sealed record OpportunityLostIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid OpportunityId,
    Guid AccountId,
    string Name,
    decimal Amount,
    string ReasonCategory,
    string Reason,
    string? Competitor,
    string LostAtStage,
    Guid? OwnerId,
    Guid? BranchId,
    string LostBy) : IIntegrationEvent;
