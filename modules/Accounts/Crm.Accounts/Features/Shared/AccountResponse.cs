using Crm.BuildingBlocks.Records;
using Crm.Accounts.Domain;

namespace Crm.Accounts.Features.Shared;

/// <summary>The full account as the API returns it.</summary>
internal sealed record AccountResponse(
    Guid Id,
    string Name,
    AccountKind Kind,
    AccountType Type,
    PartnerType? PartnerType,
    LifecycleStage Stage,
    DateTime StageChangedAt,
    string Source,
    string? Industry,
    string? CustomerLevel,
    string? TaxId,
    string? Email,
    string? Phone,
    string? Website,
    string? City,
    string? Address,
    string? Notes,
    Guid? OwnerId,
    Guid? BranchId,
    decimal CreditLimit,
    string Currency,
    CreditStatus CreditStatus,
    IReadOnlyList<string> Tags,
    DateTime? LastContactAt,
    bool IsArchived,
    DateTime? ArchivedAt,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    long Version,
    IReadOnlyList<ContactResponse> Contacts) : IVersioned
{
    /// <summary>The account's custom-field values by key (ADR 0121); fields without a value are left out.</summary>
    public IReadOnlyDictionary<string, object?> CustomFields { get; init; } = new Dictionary<string, object?>();

    public static AccountResponse From(Account a) => new(
        a.Id, a.Name, a.Kind, a.Type, a.PartnerType, a.Stage, a.StageChangedAtUtc, a.Source, a.Industry, a.CustomerLevel, a.TaxId, a.Email,
        a.Phone, a.Website, a.City, a.Address, a.Notes, a.OwnerId, a.BranchId, a.CreditLimit, a.Currency, a.CreditStatus, a.Tags,
        a.LastContactAtUtc, a.IsArchived, a.ArchivedAtUtc, a.CreatedAtUtc, a.CreatedBy, a.UpdatedAtUtc, a.UpdatedBy, a.Version,
        a.Contacts.OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).Select(ContactResponse.From).ToList());
}

internal sealed record ContactResponse(Guid Id, string Name, string? Title, string? Email, string? Phone, bool IsPrimary)
{
    public static ContactResponse From(Contact c) => new(c.Id, c.Name, c.Title, c.Email, c.Phone, c.IsPrimary);
}

/// <summary>What a duplicate-detection conflict shows so the user can open the existing record instead.</summary>
internal sealed record DuplicateMatch(Guid Id, string Name, string MatchedOn, string? TaxId, string? Email, string? Phone, Guid? OwnerId, Guid? BranchId);
