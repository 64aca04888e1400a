using System.Globalization;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Identity.Staff;

/// <summary>
/// A person's language as a user claim (ADR 0137): the identity store already keeps claims per user, so the choice
/// needs no column of its own. The installation's default is the first of <c>Ui:Cultures</c>, as the shell's.
/// </summary>
internal sealed class UserLanguage(CrmIdentityDbContext db, IConfiguration configuration) : IUserLanguage
{
    internal const string ClaimType = "crm:ui-culture";

    public async Task<string?> ChosenAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Set<IdentityUserClaim<Guid>>().AsNoTracking()
            .Where(c => c.UserId == userId && c.ClaimType == ClaimType)
            .Select(c => c.ClaimValue)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task ChooseAsync(Guid userId, string culture, CancellationToken cancellationToken = default)
    {
        var claims = await db.Set<IdentityUserClaim<Guid>>().Where(c => c.UserId == userId && c.ClaimType == ClaimType).ToListAsync(cancellationToken);
        if (claims.Count == 1 && claims[0].ClaimValue == culture)
        {
            return;
        }

        db.Set<IdentityUserClaim<Guid>>().RemoveRange(claims);
        db.Set<IdentityUserClaim<Guid>>().Add(new IdentityUserClaim<Guid> { UserId = userId, ClaimType = ClaimType, ClaimValue = culture });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<CultureInfo> CultureOfAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var name = await ChosenAsync(userId, cancellationToken)
                   ?? configuration.GetSection("Ui:Cultures").Get<string[]>()?.FirstOrDefault()
                   ?? "en";
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en");
        }
    }
}
