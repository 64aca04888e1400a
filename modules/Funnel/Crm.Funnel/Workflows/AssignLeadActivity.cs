using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Assignment;
using Crm.Funnel.Features.Leads;
using Crm.Workflows.Abstractions;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Workflows;

/// <summary>The strategies a process owner picks from in the designer.</summary>
internal enum LeadAssignmentStrategy
{
    RoundRobin,
    LeastLoaded,
    Rule,
    Queue,
}

/// <summary>
/// Gives a lead an owner (or a queue) by the chosen strategy. Candidates for round robin and least loaded are the
/// active staff with the given role in one unit of the organisation — the unit the rule names, by default the unit of
/// the lead's owner or creator, so a salesperson's own lead never lands in another branch (ADR 0103) — or an explicit
/// list of user ids. Only a lead nobody in a unit owns or created (a web-form lead) draws from every unit. The
/// round-robin position is kept per workflow definition and activity, so redrawing keeps fairness, and the same
/// activity execution run twice returns its earlier assignment.
/// </summary>
[Activity("Crm", "AssignLead", Category = "CRM Sales", DisplayName = "Assign lead",
    Description = "Assigns the lead round robin, to the least loaded person, by rules (branch, territory, industry...) or to a queue.")]
[Outcome("Assigned")]
[Outcome("NoCandidate", DisplayName = "No candidate")]
internal sealed class AssignLeadActivity : IActivity
{
    [Input(DisplayName = "Lead id", Description = "The lead to assign; empty: the workflow input 'leadId' (from \"Lead created\").", Order = 0)]
    public string? LeadId { get; set; }

    [Input(Description = "How to choose the owner.", Order = 1, DefaultValue = nameof(LeadAssignmentStrategy.RoundRobin))]
    public LeadAssignmentStrategy Strategy { get; set; } = LeadAssignmentStrategy.RoundRobin;

    [Input(Description = "Round robin / least loaded: staff with this role are the candidates (empty: any role).", Order = 2, DefaultValue = CrmRoles.Sales)]
    public string? Role { get; set; } = CrmRoles.Sales;

    [Input(DisplayName = "Branch id", Description = "Round robin / least loaded: only staff of this unit; empty: the unit of the lead's owner or creator.", Order = 3)]
    public string? BranchId { get; set; }

    [Input(DisplayName = "Use the lead's branch", Description = "Round robin / least loaded: only staff of the lead's branch.", Order = 4)]
    public bool UseLeadBranch { get; set; }

    [Input(Description = "Round robin / least loaded: these user ids instead of the staff directory, in this order.", UIHint = UIHints.MultiText, Order = 5)]
    public string[]? Users { get; set; }

    [Input(Description = "Rule strategy: one rule per line, first match wins, e.g. 'industry=Retail, territory=East -> <user id>', 'branch=<id> -> queue:<name>', '* -> queue:Unassigned'. Conditions: industry, territory, city, branch, source, company.",
        UIHint = UIHints.MultiLine, Order = 6)]
    public string? Rules { get; set; }

    [Input(Description = "Queue strategy: the queue the lead waits in until someone takes it.", Order = 7)]
    public string? Queue { get; set; }

    [Input(DisplayName = "Keep an existing owner", Description = "A lead that already has an owner (e.g. entered by a salesperson for themself) keeps it.", Order = 8,
        DefaultValue = "true")]
    public bool KeepExistingOwner { get; set; } = true;

    [Input(DisplayName = "Exclude the current owner", Description = "For reassignment after a missed follow-up: never give it back to the current owner.", Order = 9)]
    public bool ExcludeCurrentOwner { get; set; }

    [Input(Description = "Why, for the lead's assignment history.", Order = 10)]
    public string? Reason { get; set; }

    [Output(Description = "User id of the new owner (empty when queued).")]
    public string? AssignedTo { get; set; }

    [Output(Description = "Display name of the new owner, when the staff directory knows it.")]
    public string? AssignedToName { get; set; }

    [Output(Description = "The queue the lead waits in (Queue strategy or a queue rule).")]
    public string? AssignedQueue { get; set; }

    [Output(Description = "The owner before this step.")]
    public string? PreviousOwnerId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (WorkflowInputs.Id(context, LeadId, "leadId") is not { } leadId)
        {
            return ActivityResult.Fault("Assign lead needs a lead id: set 'Lead id', or start the workflow with \"Lead created\".");
        }

        var mediator = context.Services.GetRequiredService<IMediator>();
        var directory = context.Services.GetService<IStaffDirectory>();
        var ct = context.CancellationToken;
        List<Guid> candidates = [];
        if (Strategy is LeadAssignmentStrategy.RoundRobin or LeadAssignmentStrategy.LeastLoaded)
        {
            if (Users is { Length: > 0 })
            {
                foreach (var text in Users.Where(u => !string.IsNullOrWhiteSpace(u)))
                {
                    if (!Guid.TryParse(text.Trim(), out var id))
                    {
                        return ActivityResult.Fault($"Assign lead: '{text}' in Users is not a user id.");
                    }

                    candidates.Add(id);
                }
            }
            else if (directory is not null)
            {
                Guid? branch = null;
                if (!string.IsNullOrWhiteSpace(BranchId))
                {
                    branch = Guid.TryParse(BranchId, out var b) ? b : null;
                    if (branch is null)
                    {
                        return ActivityResult.Fault($"Assign lead: '{BranchId}' is not a branch id.");
                    }
                }
                else
                {
                    var lead = await mediator.Send(new GetLeadQuery(leadId), ct);
                    var routing = context.Services.GetRequiredService<IWorkRouting>();
                    var person = lead.OwnerId ?? (Guid.TryParse(lead.CreatedBy, out var creator) ? creator : null);
                    branch = UseLeadBranch ? lead.BranchId : null;
                    branch ??= person is { } p ? await routing.UnitOfAsync(p, ct) : null;
                    branch ??= lead.BranchId;
                }

                var role = string.IsNullOrWhiteSpace(Role) ? null : Role.Trim();
                if (branch is { } unit)
                {
                    // The unit's members as the organisation places them (the Branches tree, or the staff profiles without it).
                    var pool = await context.Services.GetRequiredService<IWorkRouting>().AssignmentPoolAsync(unit, ct);
                    var members = await directory.FindManyAsync(pool.ToList(), ct);
                    candidates.AddRange(members.Where(s => s.IsActive && (role is null || s.Roles.Contains(role, StringComparer.Ordinal)))
                        .OrderBy(s => s.DisplayName, StringComparer.Ordinal).Select(s => s.UserId));
                }
                else
                {
                    var staff = await directory.ListAsync(role, null, ct);
                    candidates.AddRange(staff.Where(s => s.IsActive).Select(s => s.UserId));
                }
            }
            else
            {
                context.Log("Assign lead: no staff directory is configured and no Users are given, so there is no candidate.");
            }
        }

        AssignmentOutcome outcome;
        try
        {
            outcome = await mediator.Send(new AssignByStrategyCommand(
                leadId,
                Enum.Parse<AssignmentStrategy>(Strategy.ToString()),
                candidates,
                Rules,
                Queue,
                KeepExistingOwner,
                ExcludeCurrentOwner,
                $"{context.WorkflowDefinitionId}:{context.ActivityId}",
                $"wf:{context.WorkflowInstanceId}:{context.ActivityExecutionId ?? context.ActivityId}",
                Reason ?? $"Workflow {context.WorkflowDefinitionId}, step {context.ActivityId} ({Strategy})"), ct);
        }
        catch (Exception ex) when (ex is CrmException or ValidationException)
        {
            return ActivityResult.Fault($"Assign lead: {ex.Message}");
        }

        PreviousOwnerId = outcome.PreviousOwnerId?.ToString();
        if (!outcome.Assigned)
        {
            context.Log($"Assign lead: {outcome.Note}");
            return ActivityResult.Complete("NoCandidate");
        }

        AssignedTo = outcome.OwnerId?.ToString();
        AssignedQueue = outcome.Queue;
        if (outcome.OwnerId is { } owner && directory is not null)
        {
            AssignedToName = (await directory.FindAsync(owner, ct))?.DisplayName;
        }

        context.Log(outcome.OwnerId is null ? $"Lead queued in {outcome.Queue}" : $"Lead assigned to {AssignedToName ?? AssignedTo}");
        return ActivityResult.Complete("Assigned");
    }
}
