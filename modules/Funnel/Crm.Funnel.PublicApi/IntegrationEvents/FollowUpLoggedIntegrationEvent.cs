using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>
/// A follow-up was logged on a lead or an opportunity (<see cref="Subject"/> "Lead" or "Opportunity"). With
/// <see cref="NextFollowUpAtUtc"/> it starts the shipped "Next follow-up" workflow (an inbox task for the owner, due
/// then); any later follow-up by us on the same record ends that workflow's wait and withdraws the task.
/// <see cref="Inbound"/>: the prospect contacted us, which does not count as our follow-up.
/// </summary>
public sealed record FollowUpLoggedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid FollowUpId,
    string Subject,
    Guid SubjectId,
    string SubjectName,
    Guid? OwnerId,
    DateTime? NextFollowUpAtUtc,
    bool Inbound,
    string Link) : IIntegrationEvent;
