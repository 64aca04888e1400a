using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

/// <summary>Duplicate detection shared by every way a lead comes in: the same e-mail or phone (canonical form) as an open lead.</summary>
internal static class LeadIntake
{
    public static async Task<LeadDuplicate?> FindDuplicateAsync(FunnelDbContext db, string? email, string? phone, Guid? exceptId, CancellationToken cancellationToken)
    {
        var emailKey = Normalize.Email(email);
        var phoneKey = Normalize.Phone(phone);
        if (emailKey is null && phoneKey is null)
        {
            return null;
        }

        var open = new[] { LeadStatus.New, LeadStatus.Working, LeadStatus.Qualified };
        var match = await db.Leads.AsNoTracking()
            .Where(l => l.Id != exceptId && open.Contains(l.Status))
            .Where(l => (emailKey != null && l.EmailNormalized == emailKey) || (phoneKey != null && l.PhoneNormalized == phoneKey))
            .OrderBy(l => l.CreatedAtUtc)
            .Select(l => new { l.Id, l.Name, l.Company, l.Email, l.Phone, l.Status, l.OwnerId, l.BranchId, l.EmailNormalized })
            .FirstOrDefaultAsync(cancellationToken);
        return match is null
            ? null
            : new LeadDuplicate(match.Id, match.Name, match.Company, emailKey != null && match.EmailNormalized == emailKey ? "email" : "phone",
                match.Email, match.Phone, match.Status, match.OwnerId, match.BranchId);
    }

    /// <summary>The same rule as <see cref="Shared.FunnelVisibility"/> for leads, on a duplicate already found.</summary>
    public static bool Visible(LeadDuplicate duplicate, RecordScope scope) => duplicate.OwnerId is null || scope.Allows(duplicate.OwnerId, duplicate.BranchId);

    /// <summary>
    /// The 409 for a duplicate lead. Detection looks at every open lead (a prospect must not be worked twice); a lead the
    /// caller may not see is not shown, the answer says only that a colleague has it.
    /// </summary>
    public static ConflictException Conflict(LeadDuplicate duplicate, RecordScope scope, string messageWhenVisible) =>
        Visible(duplicate, scope)
            ? new ConflictException(messageWhenVisible, duplicate)
            : new ConflictException($"An open lead with the same {duplicate.MatchedOn} already exists and belongs to a colleague. Ask your branch manager, or save anyway with ?allowDuplicate=true.");
}
