namespace Crm.Accounts.PublicApi;

/// <summary>Synchronous questions other modules may ask the Accounts module. Modules using it list "Accounts" in Requires.</summary>
public interface IAccountsApi
{
    /// <summary>The summary of one account, or null when it does not exist.</summary>
    Task<AccountSummary?> GetSummaryAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Summaries of the given accounts; unknown ids are left out.</summary>
    Task<IReadOnlyList<AccountSummary>> GetSummariesAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken = default);

    /// <summary>The owning staff member's id, or null when the account is unknown or unassigned.</summary>
    Task<Guid?> GetOwnerAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Credit limit and status, or null when the account is unknown.</summary>
    Task<AccountCredit?> GetCreditAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every active account owned by <paramref name="fromOwnerId"/> to <paramref name="toOwnerId"/> (a leaver's
    /// customers go to a successor); each move raises <see cref="IntegrationEvents.AccountOwnerChangedIntegrationEvent"/>.
    /// Returns how many accounts moved.
    /// </summary>
    Task<int> TransferOwnershipAsync(Guid fromOwnerId, Guid toOwnerId, string reason, CancellationToken cancellationToken = default);
}

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
    bool IsArchived);

/// <summary>Credit standing: <see cref="Status"/> is Good, Normal, Warning or Blocked.</summary>
public sealed record AccountCredit(Guid AccountId, decimal CreditLimit, string Status);
