using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>An opportunity was won: the sale is agreed (contracts and orders follow).</summary>
public sealed record OpportunityWonIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid OpportunityId,
    Guid AccountId,
    string Name,
    decimal Amount,
    Guid? OwnerId,
    Guid? BranchId,
    Guid? CampaignId,
    Guid? AcceptedQuoteId,
    string WonBy) : IIntegrationEvent;
