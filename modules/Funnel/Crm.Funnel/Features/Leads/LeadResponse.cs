using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;

namespace Crm.Funnel.Features.Leads;

internal sealed record LeadResponse(
    Guid Id,
    string Name,
    string? Company,
    string? JobTitle,
    string? Email,
    string? Phone,
    string? Industry,
    string? Territory,
    string? City,
    string? Notes,
    Guid? BranchId,
    string Source,
    LeadCapture CapturedVia,
    Guid? CampaignId,
    LeadStatus Status,
    Guid? OwnerId,
    string? Queue,
    DateTime? AssignedAt,
    DateTime? LastFollowUpAt,
    int FollowUpCount,
    int EscalationCount,
    DateTime? LastEscalatedAt,
    string? DisqualifiedReason,
    Guid? ConvertedAccountId,
    Guid? ConvertedContactId,
    Guid? ConvertedOpportunityId,
    DateTime? ClosedAt,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    long Version) : IVersioned
{
    /// <summary>The lead's custom-field values by key (ADR 0121).</summary>
    public IReadOnlyDictionary<string, object?> CustomFields { get; init; } = new Dictionary<string, object?>();

    public static LeadResponse From(Lead l) => new(
        l.Id, l.Name, l.Company, l.JobTitle, l.Email, l.Phone, l.Industry, l.Territory, l.City, l.Notes, l.BranchId, l.Source, l.CapturedVia,
        l.CampaignId, l.Status, l.OwnerId, l.Queue, l.AssignedAtUtc, l.LastFollowUpAtUtc, l.FollowUpCount, l.EscalationCount, l.LastEscalatedAtUtc,
        l.DisqualifiedReason, l.ConvertedAccountId, l.ConvertedContactId, l.ConvertedOpportunityId, l.ClosedAtUtc, l.CreatedAtUtc, l.CreatedBy,
        l.UpdatedAtUtc, l.UpdatedBy, l.Version);
}
