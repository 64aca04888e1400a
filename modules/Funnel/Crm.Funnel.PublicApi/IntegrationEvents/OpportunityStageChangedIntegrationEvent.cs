using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>An opportunity moved from one pipeline stage to another (also into Won or Lost, which raise their own events too).</summary>
public sealed record OpportunityStageChangedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid OpportunityId,
    Guid AccountId,
    Guid PipelineId,
    string FromStage,
    string ToStage,
    int Probability,
    decimal Amount,
    Guid? OwnerId,
    string ChangedBy) : IIntegrationEvent;
