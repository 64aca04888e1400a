namespace Crm.Funnel.PublicApi;

/// <summary>Synchronous questions other modules may ask the Funnel module. Modules using it list "Funnel" in Requires.</summary>
public interface IFunnelApi
{
    /// <summary>One opportunity, or null when it does not exist.</summary>
    Task<OpportunitySummary?> GetOpportunityAsync(Guid opportunityId, CancellationToken cancellationToken = default);

    /// <summary>The opportunities of an account (open first, then by expected close date), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OpportunitySummary>> ListOpportunitiesForAccountAsync(Guid accountId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>One lead, or null when it does not exist.</summary>
    Task<LeadSummary?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken = default);

}

/// <summary>An opportunity as other modules see it. <see cref="Status"/> is Open, Won or Lost; amounts are in the installation's currency.</summary>
public sealed record OpportunitySummary(
    Guid Id,
    string Name,
    Guid AccountId,
    Guid PipelineId,
    string Stage,
    string Status,
    decimal Amount,
    int Probability,
    DateOnly ExpectedCloseDate,
    Guid? OwnerId,
    Guid? BranchId,
    Guid? CampaignId,
    DateTime? ClosedAtUtc,
    string? LostReason,
    string? Competitor);

/// <summary>A lead as other modules see it. <see cref="Status"/> is New, Working, Qualified, Converted or Disqualified.</summary>
public sealed record LeadSummary(
    Guid Id,
    string Name,
    string? Company,
    string? Email,
    string? Phone,
    string Source,
    string Status,
    Guid? OwnerId,
    string? Queue,
    Guid? CampaignId,
    Guid? ConvertedAccountId,
    Guid? ConvertedOpportunityId);
