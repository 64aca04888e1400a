using Crm.Accounts.Domain;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.Shared;

internal static class AccountLoader
{
    /// <summary>Loads an account the caller may see, with its contacts, for a change; 404 otherwise.</summary>
    public static async Task<Account> LoadAsync(this AccountsDbContext db, Guid id, IRecordVisibility visibility, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        return await db.Accounts.VisibleTo(scope).Include(a => a.Contacts).FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
               ?? throw new NotFoundException($"Account {id} does not exist.");
    }

    /// <summary>404 unless the account exists and the caller may see it (for reads of an account's sub-lists).</summary>
    public static async Task EnsureVisibleAsync(this AccountsDbContext db, Guid id, IRecordVisibility visibility, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        if (!await db.Accounts.VisibleTo(scope).AnyAsync(a => a.Id == id, cancellationToken))
        {
            throw new NotFoundException($"Account {id} does not exist.");
        }
    }
}
