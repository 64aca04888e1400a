using Crm.BuildingBlocks.PublicApi;

namespace Crm.Accounts.PublicApi;

/// <summary>Synchronous questions other modules may ask the Accounts module. Modules using it list "Accounts" in Requires.</summary>
public interface IAccountsApi
{
    /// <summary>The summary of one account, or null when it does not exist.</summary>
    Task<AccountSummary?> GetSummaryAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Summaries of the given accounts; unknown ids are left out.</summary>
    Task<IReadOnlyList<AccountSummary>> GetSummariesAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> (1–1000) active accounts ordered by name, optionally only those of one owner and
    /// those matching every word of <paramref name="search"/> (name, e-mail, phone, tax id, city, contacts): for pickers
    /// and demo data, not for walking the whole table. Only accounts the acting person may see (record visibility);
    /// background work sees all.
    /// </summary>
    Task<IReadOnlyList<AccountSummary>> ListSummariesAsync(int limit, Guid? ownerId = null, string? search = null, CancellationToken cancellationToken = default);

    /// <summary>The owning staff member's id, or null when the account is unknown or unassigned.</summary>
    Task<Guid?> GetOwnerAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Credit limit and status, or null when the account is unknown.</summary>
    Task<AccountCredit?> GetCreditAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an account through the Accounts module's own rules (validation, duplicate detection, the
    /// AccountCreated event). When an account with the same tax id, e-mail or phone already exists, nothing is created
    /// and that account is returned instead (<see cref="AccountCreation.Created"/> false), so a caller such as lead
    /// conversion links to the customer it already has. Invalid data throws the Accounts validation error (400).
    /// </summary>
    Task<AccountCreation> CreateAccountAsync(NewAccount account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a contact person to an account, unless the account already has a contact with the same e-mail address (or,
    /// without an e-mail, the same name and phone): then that contact is returned. Throws 404 for an unknown account.
    /// </summary>
    Task<ContactCreation> AddContactAsync(Guid accountId, NewContact contact, CancellationToken cancellationToken = default);
}

/// <summary>
/// A customer to create. Enum-like values are strings (Kind: Company or Person; Stage: ToIdentify, Potential,
/// Opportunity, ...); Source and Industry are codes of the <c>source-channel</c> and <c>industry</c> dictionaries
/// (<c>IDictionaries</c>), kept even when their entries have retired, since they come from another record.
/// </summary>
public sealed record NewAccount(
    string Name,
    string Kind = "Company",
    string? Source = null,
    string? Industry = null,
    string? TaxId = null,
    string? Email = null,
    string? Phone = null,
    string? Website = null,
    string? City = null,
    string? Address = null,
    string? Notes = null,
    Guid? OwnerId = null,
    Guid? BranchId = null,
    string? Stage = null,
    IReadOnlyList<NewContact>? Contacts = null);

/// <summary>A contact person to add.</summary>
public sealed record NewContact(string Name, string? Title = null, string? Email = null, string? Phone = null, bool IsPrimary = false);

/// <summary>
/// The account created, or the existing duplicate (<see cref="Created"/> false; <see cref="DuplicateMatchedOn"/> is
/// taxId, email or phone). <see cref="ContactIds"/> are the new contacts in the order given (empty for a duplicate).
/// </summary>
public sealed record AccountCreation(Guid AccountId, bool Created, string? DuplicateMatchedOn, IReadOnlyList<Guid> ContactIds);

/// <summary>The contact added, or the existing one with the same e-mail (<see cref="Created"/> false).</summary>
public sealed record ContactCreation(Guid ContactId, bool Created);

/// <summary>What other modules need to know about a customer. Enum-like values are strings so the contract stays BCL-only.</summary>
public sealed record AccountSummary(
    Guid Id,
    string Name,
    string Kind,
    string Type,
    string Stage,
    Guid? OwnerId,
    Guid? BranchId,
    string CreditStatus,
    decimal CreditLimit,
    bool IsArchived,
    string Currency = Currencies.DefaultCompanyCurrency);

/// <summary>Credit standing: <see cref="Status"/> is Good, Normal, Warning or Blocked.</summary>
public sealed record AccountCredit(Guid AccountId, Money CreditLimit, string Status);
