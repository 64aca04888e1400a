using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Assignment;

/// <summary>Where a lead stands for the "Wait for follow-up" activity.</summary>
internal sealed record LeadFollowUpStateQuery(Guid LeadId) : IRequest<LeadFollowUpState?>;

/// <summary><see cref="FollowedUp"/>: a follow-up by us was recorded since the lead was (last) assigned.</summary>
internal sealed record LeadFollowUpState(Guid LeadId, LeadStatus Status, bool IsOpen, Guid? OwnerId, DateTime? AssignedAt, bool FollowedUp, string Name);

/// <summary>Counts a missed follow-up time limit on the lead (idempotent per workflow step).</summary>
internal sealed record RecordLeadEscalationCommand(Guid LeadId, string? Key) : IRequest<bool>;

internal sealed class FollowUpWatchHandlers(FunnelDbContext db, TimeProvider clock)
    : IRequestHandler<LeadFollowUpStateQuery, LeadFollowUpState?>, IRequestHandler<RecordLeadEscalationCommand, bool>
{
    public async Task<LeadFollowUpState?> Handle(LeadFollowUpStateQuery query, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking().Where(l => l.Id == query.LeadId)
            .Select(l => new { l.Id, l.Status, l.OwnerId, l.AssignedAtUtc, l.CreatedAtUtc, l.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (lead is null)
        {
            return null;
        }

        // By recording time, not the time the user says the contact happened: a call logged now about yesterday still
        // counts as following up a lead assigned this morning.
        var since = lead.AssignedAtUtc ?? lead.CreatedAtUtc;
        var followedUp = await db.FollowUps.AsNoTracking()
            .AnyAsync(f => f.Subject == FollowUpSubject.Lead && f.SubjectId == lead.Id && !f.Inbound && f.RecordedAtUtc >= since, cancellationToken);
        var isOpen = lead.Status is LeadStatus.New or LeadStatus.Working or LeadStatus.Qualified;
        return new LeadFollowUpState(lead.Id, lead.Status, isOpen, lead.OwnerId, lead.AssignedAtUtc, followedUp, lead.Name);
    }

    public async Task<bool> Handle(RecordLeadEscalationCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.LeadId, RecordScope.All, cancellationToken);
        if (!lead.RecordEscalation(command.Key, "workflow", clock.GetUtcNow().UtcDateTime))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
