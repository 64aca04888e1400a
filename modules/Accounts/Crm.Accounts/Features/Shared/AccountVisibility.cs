using Crm.Accounts.Domain;
using Crm.BuildingBlocks.Identity;

namespace Crm.Accounts.Features.Shared;

/// <summary>
/// Record visibility of accounts (docs/modules/accounts.md, "Who sees which accounts"): every read and every change
/// starts from <see cref="VisibleTo"/>, so an account outside the caller's scope is simply not found (404).
/// </summary>
internal static class AccountVisibility
{
    public static IQueryable<Account> VisibleTo(this IQueryable<Account> accounts, RecordScope scope)
    {
        if (scope.IsAll)
        {
            return accounts;
        }

        var owner = scope.OwnerId;
        var branch = scope.BranchId;
        return (owner, branch) switch
        {
            (null, null) => accounts.Where(a => false),
            (_, null) => accounts.Where(a => a.OwnerId == owner),
            (null, _) => accounts.Where(a => a.BranchId == branch),
            _ => accounts.Where(a => a.OwnerId == owner || a.BranchId == branch),
        };
    }
}
