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
            .Select(l => new { l.Id, l.Name, l.Company, l.Email, l.Phone, l.Status, l.OwnerId, l.EmailNormalized })
            .FirstOrDefaultAsync(cancellationToken);
        return match is null
            ? null
            : new LeadDuplicate(match.Id, match.Name, match.Company, emailKey != null && match.EmailNormalized == emailKey ? "email" : "phone",
                match.Email, match.Phone, match.Status, match.OwnerId);
    }
}
