using Crm.Accounts.Domain;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.Shared;

internal static class AccountLoader
{
    /// <summary>Loads an account with its contacts for a change, or throws 404.</summary>
    public static async Task<Account> LoadAsync(this AccountsDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Accounts.Include(a => a.Contacts).FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Account {id} does not exist.");
}
