using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Ownership;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.TransferOwners;

/// <summary>
/// The Accounts part of a leaver transfer: the leaver's active customers the caller may reassign (the handover's scope,
/// the same filter as every account read) go to the successor in one transaction; each raises AccountOwnerChanged.
/// </summary>
internal sealed class AccountsOwnershipContribution(AccountsDbContext db, ICurrentUser user, TimeProvider clock) : IOwnershipContribution
{
    public string Module => AccountsModule.ModuleName;

    public async Task<IReadOnlyList<HandedOver>> HandOverAsync(OwnershipHandover handover, CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.VisibleTo(handover.Scope)
            .Where(a => a.OwnerId == handover.FromOwnerId && a.ArchivedAtUtc == null)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in accounts)
        {
            account.ChangeOwner(handover.ToOwnerId, handover.Reason, user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return [new HandedOver("accounts", "customer", "customers", accounts.Count)];
    }
}
