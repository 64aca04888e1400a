using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Campaigns;

/// <summary>Raises the due reminders (the reminder job); returns how many were sent.</summary>
internal sealed record SendDueRemindersCommand(int BatchSize) : IRequest<int>;

internal sealed class SendDueRemindersHandler(FunnelDbContext db, TimeProvider clock) : IRequestHandler<SendDueRemindersCommand, int>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<int> Handle(SendDueRemindersCommand command, CancellationToken cancellationToken)
    {
        var now = Now;
        var due = await db.CampaignReminders.Where(r => r.SentAtUtc == null && r.RemindAtUtc <= now)
            .OrderBy(r => r.RemindAtUtc).Take(command.BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.Select(r => r.CampaignId).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var reminder in due)
        {
            var campaign = campaigns[reminder.CampaignId];
            if (campaign.Status is CampaignStatus.Cancelled or CampaignStatus.Completed)
            {
                // Nothing to remind of any more; marked so it is not picked up again, without raising the event.
                reminder.MarkSent(campaign, now);
                reminder.DequeueIntegrationEvents();
                continue;
            }

            reminder.MarkSent(campaign, now);
        }

        // The Version token makes a reminder raised by a second node's job in the meantime fail this save instead of
        // being sent twice; the next poll finds nothing left.
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}
