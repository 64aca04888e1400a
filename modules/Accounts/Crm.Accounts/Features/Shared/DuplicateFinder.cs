using Crm.Accounts.Domain;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.Shared;

/// <summary>Same tax id, e-mail or phone (in canonical form) means the same customer.</summary>
internal static class DuplicateFinder
{
    public static async Task<DuplicateMatch?> FindAsync(AccountsDbContext db, AccountDetails details, Guid? exceptId, CancellationToken cancellationToken)
    {
        var taxId = Normalize.TaxId(details.TaxId);
        var email = Normalize.Email(details.Email);
        var phone = Normalize.Phone(details.Phone);
        if (taxId is null && email is null && phone is null)
        {
            return null;
        }

        var match = await db.Accounts.AsNoTracking()
            .Where(a => a.Id != exceptId)
            .Where(a => (taxId != null && a.TaxIdNormalized == taxId)
                        || (email != null && a.EmailNormalized == email)
                        || (phone != null && a.PhoneNormalized == phone))
            .Select(a => new { a.Id, a.Name, a.TaxId, a.Email, a.Phone, a.OwnerId, a.BranchId, a.TaxIdNormalized, a.EmailNormalized, a.PhoneNormalized })
            .FirstOrDefaultAsync(cancellationToken);
        if (match is null)
        {
            return null;
        }

        var on = taxId != null && match.TaxIdNormalized == taxId ? "taxId"
            : email != null && match.EmailNormalized == email ? "email"
            : "phone";
        return new DuplicateMatch(match.Id, match.Name, on, match.TaxId, match.Email, match.Phone, match.OwnerId, match.BranchId);
    }

    /// <summary>
    /// The 409 for a duplicate. Detection looks at every account (a customer must not exist twice), but a record the
    /// caller may not see is not shown: the answer says only that a colleague has it.
    /// </summary>
    public static ConflictException Conflict(DuplicateMatch duplicate, RecordScope scope, string messageWhenVisible) =>
        scope.Allows(duplicate.OwnerId, duplicate.BranchId)
            ? new ConflictException(messageWhenVisible, duplicate)
            : new ConflictException(
                $"An account with the same {duplicate.MatchedOn} already exists and belongs to a colleague. Ask your branch manager, or save anyway with ?allowDuplicate=true.");
}
