using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Assignment;

/// <summary>
/// Assigns a lead by a strategy, for the "Assign lead" workflow activity. <see cref="Candidates"/> are the people who
/// may get it, in a stable order (round robin walks this order); <see cref="CursorKey"/> names the round-robin
/// position (one per workflow definition and activity); <see cref="IdempotencyKey"/> makes a step that runs again
/// twice (same activity execution) return its earlier assignment instead of assigning twice.
/// </summary>
internal sealed record AssignByStrategyCommand(
    Guid LeadId,
    AssignmentStrategy Strategy,
    IReadOnlyList<Guid> Candidates,
    string? Rules,
    string? Queue,
    bool KeepExistingOwner,
    bool ExcludeCurrentOwner,
    string CursorKey,
    string? IdempotencyKey,
    string? Reason) : IRequest<AssignmentOutcome>;

/// <summary><see cref="Assigned"/> false: nobody could take it (no candidates, no matching rule, or the lead is closed; see <see cref="Note"/>).</summary>
internal sealed record AssignmentOutcome(bool Assigned, Guid? OwnerId, string? Queue, Guid? PreviousOwnerId, string Note);

internal sealed class AssignByStrategyHandler(FunnelDbContext db, TimeProvider clock) : IRequestHandler<AssignByStrategyCommand, AssignmentOutcome>
{
    private const string By = "workflow";
    private static readonly LeadStatus[] Open = [LeadStatus.New, LeadStatus.Working, LeadStatus.Qualified];

    public async Task<AssignmentOutcome> Handle(AssignByStrategyCommand command, CancellationToken cancellationToken)
    {
        if (command.IdempotencyKey is { } key
            && await db.LeadAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.IdempotencyKey == key, cancellationToken) is { } done)
        {
            return new AssignmentOutcome(true, done.ToOwnerId, done.Queue, done.FromOwnerId, "Already assigned by this step.");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AssignAsync(command, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Someone changed the lead meanwhile (a follow-up, an edit): decide again on its current state.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<AssignmentOutcome> AssignAsync(AssignByStrategyCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.LeadId, RecordScope.All, cancellationToken);
        var previous = lead.OwnerId;
        if (!lead.IsOpen)
        {
            return new AssignmentOutcome(false, lead.OwnerId, lead.Queue, previous, $"The lead is {lead.Status}.");
        }

        if (command.KeepExistingOwner && lead.OwnerId is { } owner)
        {
            return new AssignmentOutcome(true, owner, null, previous, "The lead already has an owner.");
        }

        Guid? ownerId = null;
        string? queue = null;
        var now = clock.GetUtcNow().UtcDateTime;
        switch (command.Strategy)
        {
            case AssignmentStrategy.Queue:
                queue = Normalize.Text(command.Queue) ?? throw new BusinessRuleException("The Queue strategy needs a queue name.", "queue");
                break;

            case AssignmentStrategy.Rule:
                AssignmentRules rules;
                try
                {
                    rules = AssignmentRules.Parse(command.Rules);
                }
                catch (FormatException ex)
                {
                    throw new BusinessRuleException(ex.Message, "rules");
                }

                if (rules.Match(lead) is not { } rule || (rule.UserId is { } ruleUser && command.ExcludeCurrentOwner && ruleUser == lead.OwnerId))
                {
                    return new AssignmentOutcome(false, lead.OwnerId, lead.Queue, previous, "No rule matches the lead.");
                }

                (ownerId, queue) = (rule.UserId, rule.Queue);
                break;

            default:
                var order = command.Candidates.Distinct().ToList();
                var eligible = order.Where(c => !(command.ExcludeCurrentOwner && c == lead.OwnerId)).ToHashSet();
                if (eligible.Count == 0)
                {
                    return new AssignmentOutcome(false, lead.OwnerId, lead.Queue, previous, "There is no candidate to assign the lead to.");
                }

                if (command.Strategy == AssignmentStrategy.LeastLoaded)
                {
                    // Open leads per candidate; the least loaded win, and among equals the round-robin position decides.
                    var ids = eligible.ToList();
                    var load = await db.Leads.AsNoTracking()
                        .Where(l => l.OwnerId != null && ids.Contains(l.OwnerId.Value) && Open.Contains(l.Status))
                        .GroupBy(l => l.OwnerId!.Value)
                        .Select(g => new { OwnerId = g.Key, Count = g.Count() })
                        .ToDictionaryAsync(x => x.OwnerId, x => x.Count, cancellationToken);
                    var least = eligible.Min(c => load.GetValueOrDefault(c));
                    eligible = eligible.Where(c => load.GetValueOrDefault(c) == least).ToHashSet();
                }

                ownerId = await NextTurnAsync(command.CursorKey, order, eligible, now, cancellationToken);
                break;
        }

        if (lead.Assign(ownerId, queue, command.Strategy, command.Reason, command.IdempotencyKey, By, now) is { } assignment)
        {
            db.LeadAssignments.Add(assignment);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new AssignmentOutcome(true, lead.OwnerId, lead.Queue, previous, ownerId is null ? $"Queued in {queue}." : "Assigned.");
    }

    /// <summary>
    /// The next candidate after the cursor's last one (in <paramref name="order"/>, wrapping, eligible ones only), taken with
    /// a compare-and-swap on the cursor's version: two concurrent assignments can never get the same turn.
    /// </summary>
    private async Task<Guid> NextTurnAsync(string key, IReadOnlyList<Guid> order, IReadOnlySet<Guid> eligible, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var cursor = await db.AssignmentCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
            var next = Pick(order, eligible, cursor?.LastUserId);
            if (cursor is null)
            {
                var row = new AssignmentCursor { Key = key, LastUserId = next, Version = 1, UpdatedAtUtc = now };
                db.AssignmentCursors.Add(row);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return next;
                }
                catch (DbUpdateException)
                {
                    // Another assignment created the cursor first: take the next turn after its one.
                }
                finally
                {
                    db.Entry(row).State = EntityState.Detached;
                }

                continue;
            }

            var version = cursor.Version;
            if (await db.AssignmentCursors.Where(c => c.Key == key && c.Version == version)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUserId, next).SetProperty(c => c.Version, version + 1).SetProperty(c => c.UpdatedAtUtc, now), cancellationToken) == 1)
            {
                return next;
            }
        }

        throw new InvalidOperationException($"The round-robin position '{key}' kept changing; try again.");
    }

    internal static Guid Pick(IReadOnlyList<Guid> order, IReadOnlySet<Guid> eligible, Guid? last)
    {
        var start = last is { } l ? IndexOf(order, l) : -1;
        for (var i = 1; i <= order.Count; i++)
        {
            var candidate = order[(start + i + order.Count) % order.Count];
            if (eligible.Contains(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No eligible candidate.");
    }

    private static int IndexOf(IReadOnlyList<Guid> order, Guid id)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == id)
            {
                return i;
            }
        }

        return -1;
    }
}
