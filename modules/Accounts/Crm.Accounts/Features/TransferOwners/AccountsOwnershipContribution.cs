using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
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
        var accounts = await Movable(handover.Scope)
            .Where(a => a.OwnerId == handover.FromOwnerId)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in accounts)
        {
            account.ChangeOwner(handover.ToOwnerId, handover.Reason, user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return [new HandedOver("accounts", "customer", "customers", accounts.Count)];
    }

    public async Task<IReadOnlyList<OwnedRecords>> CountAsync(IReadOnlyCollection<Guid> ownerIds, RecordScope scope, CancellationToken cancellationToken)
    {
        var ids = ownerIds.ToList();
        var counts = await Movable(scope)
            .Where(a => a.OwnerId != null && ids.Contains(a.OwnerId.Value))
            .GroupBy(a => a.OwnerId!.Value)
            .Select(g => new { Owner = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Owner, g => g.Count, cancellationToken);
        return counts.PerOwner(ids, "accounts", "customer", "customers");
    }

    // What a handover moves and what a preview counts: active customers the scope reaches.
    private IQueryable<Domain.Account> Movable(RecordScope scope) => db.Accounts.VisibleTo(scope).Where(a => a.ArchivedAtUtc == null);
}
