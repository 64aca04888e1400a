using Crm.BuildingBlocks.PublicApi;

namespace Crm.Accounts.PublicApi.IntegrationEvents;

/// <summary>A customer or partner was created (by hand, by import or from another module).</summary>
public sealed record AccountCreatedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid AccountId,
    string Name,
    string Kind,
    string Type,
    string Stage,
    string Source,
    Guid? OwnerId,
    Guid? BranchId,
    string CreatedBy) : IIntegrationEvent;
