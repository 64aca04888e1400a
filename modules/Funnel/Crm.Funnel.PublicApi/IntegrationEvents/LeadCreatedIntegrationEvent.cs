using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>
/// A lead was captured (by hand, CSV import, the public web form or from a campaign). Starts the lead-assignment
/// workflow. <see cref="CapturedVia"/> is Manual, Import, WebForm or Campaign; <see cref="Source"/> is the channel.
/// </summary>
public sealed record LeadCreatedIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid LeadId,
    string Name,
    string? Company,
    string? Email,
    string? Phone,
    string Source,
    string CapturedVia,
    string? Industry,
    string? Territory,
    Guid? BranchId,
    Guid? CampaignId,
    Guid? OwnerId,
    string CreatedBy) : IIntegrationEvent;
