using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.FollowUps;

/// <summary>
/// Whether the record of follow-up <see cref="FollowUpId"/> was followed up by us after it (recorded later, not
/// inbound): the "Wait for the next follow-up" activity asks before it waits, so a follow-up logged before the
/// workflow got there is not missed. Null when that follow-up does not exist.
/// </summary>
internal sealed record FollowedUpSinceQuery(Guid FollowUpId) : IRequest<bool?>;

internal sealed class FollowedUpSinceHandler(FunnelDbContext db) : IRequestHandler<FollowedUpSinceQuery, bool?>
{
    public async Task<bool?> Handle(FollowedUpSinceQuery query, CancellationToken cancellationToken)
    {
        var scheduled = await db.FollowUps.AsNoTracking().Where(f => f.Id == query.FollowUpId)
            .Select(f => new { f.Subject, f.SubjectId, f.RecordedAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        if (scheduled is null)
        {
            return null;
        }

        return await db.FollowUps.AsNoTracking().AnyAsync(
            f => f.Subject == scheduled.Subject && f.SubjectId == scheduled.SubjectId && f.Id != query.FollowUpId && !f.Inbound
                 && f.RecordedAtUtc > scheduled.RecordedAtUtc,
            cancellationToken);
    }
}
