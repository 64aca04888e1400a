using Crm.Accounts.Domain;
using Crm.Accounts.Persistence;
using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Application;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.PublicApi;

internal sealed class AccountsApi(AccountsDbContext db, ICurrentUser user, TimeProvider clock) : IAccountsApi
{
    public async Task<AccountSummary?> GetSummaryAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        (await GetSummariesAsync([accountId], cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<AccountSummary>> GetSummariesAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken = default)
    {
        var ids = accountIds.Distinct().ToList();
        var rows = await db.Accounts.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Name, a.Kind, a.Type, a.Stage, a.OwnerId, a.BranchId, a.CreditStatus, a.CreditLimit, a.ArchivedAtUtc })
            .ToListAsync(cancellationToken);
        return rows.Select(a => new AccountSummary(
                a.Id, a.Name, a.Kind.ToString(), a.Type.ToString(), a.Stage.ToString(), a.OwnerId, a.BranchId, a.CreditStatus.ToString(),
                a.CreditLimit, a.ArchivedAtUtc != null))
            .ToList();
    }

    public async Task<Guid?> GetOwnerAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.OwnerId).FirstOrDefaultAsync(cancellationToken);

    public async Task<AccountCredit?> GetCreditAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var row = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.CreditLimit, a.CreditStatus })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new AccountCredit(accountId, row.CreditLimit, row.CreditStatus.ToString());
    }

    public async Task<int> TransferOwnershipAsync(Guid fromOwnerId, Guid toOwnerId, string reason, CancellationToken cancellationToken = default)
    {
        if (fromOwnerId == toOwnerId)
        {
            throw new BusinessRuleException("The new owner must differ from the current owner.", "toOwnerId");
        }

        var accounts = await db.Accounts.Where(a => a.OwnerId == fromOwnerId && a.ArchivedAtUtc == null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in accounts)
        {
            account.ChangeOwner(toOwnerId, reason, user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return accounts.Count;
    }
}
