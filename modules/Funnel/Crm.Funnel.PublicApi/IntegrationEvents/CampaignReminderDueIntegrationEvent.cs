using Crm.BuildingBlocks.PublicApi;

namespace Crm.Funnel.PublicApi.IntegrationEvents;

/// <summary>A reminder set before a campaign's start is due (a workflow decides who hears about it and how).</summary>
public sealed record CampaignReminderDueIntegrationEvent(
    Guid EventId,
    DateTime OccurredAtUtc,
    Guid CampaignId,
    Guid ReminderId,
    string CampaignName,
    DateTime StartsAtUtc,
    Guid? RecipientId,
    Guid? CampaignOwnerId,
    string? Note) : IIntegrationEvent;
