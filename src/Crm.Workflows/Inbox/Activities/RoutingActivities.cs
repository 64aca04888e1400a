using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;

namespace Crm.Workflows.Inbox.Activities;

/// <summary>
/// A person's manager up their own reporting chain (ADR 0103), for a step that the designer cannot express as an
/// assignee text: notify them, put them on a record, compare them with the approver.
/// </summary>
[Activity("Crm", "FindManager", Category = "CRM Tasks", DisplayName = "Find manager",
    Description = "Finds a person's manager on their own reporting chain in the organisation; continues on Found or Not found.")]
[Outcome("Found")]
[Outcome("NotFound", DisplayName = "Not found")]
internal sealed class FindManagerActivity(IWorkRouting routing, StaffLookup staff) : IActivity
{
    public const string Found = "Found";
    public const string NotFound = "NotFound";

    [Input(DisplayName = "Person", Description = "User id of the person whose manager is wanted, e.g. the requester.", IsRequired = true, Order = 0)]
    public string? Person { get; set; }

    [Input(DisplayName = "Levels up", Description = "1: their manager; 2: their manager's manager, and so on.", Order = 1, DefaultValue = "1")]
    public int Levels { get; set; } = 1;

    [Output(DisplayName = "Manager id", Description = "User id of the manager (empty when not found).")]
    public string? ManagerId { get; set; }

    [Output(DisplayName = "Manager name", Description = "The manager's display name, when the staff directory knows it.")]
    public string? ManagerName { get; set; }

    [Output(DisplayName = "Unit id", Description = "The person's own unit.")]
    public string? UnitId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!Guid.TryParse(Person?.Trim(), out var person))
        {
            return ActivityResult.Fault($"Find manager: '{Person}' is not a user id.");
        }

        if (Levels < 1)
        {
            return ActivityResult.Fault($"Find manager: levels up is {Levels}; it is 1 or more.");
        }

        UnitId = (await routing.UnitOfAsync(person, context.CancellationToken))?.ToString();
        if (await routing.ManagerOfAsync(person, Levels, context.CancellationToken) is not { } manager)
        {
            context.Log($"Find manager: {person} has no manager {Levels} level(s) up.");
            return ActivityResult.Complete(NotFound);
        }

        ManagerId = manager.ToString();
        ManagerName = await staff.NameAsync(manager, context.CancellationToken);
        context.Log($"Find manager: {Levels} level(s) above {person} is {ManagerName}.");
        return ActivityResult.Complete(Found);
    }
}

/// <summary>
/// The queue of a unit of the organisation — the one named, or a person's own — as an assignee text a "Human task" or
/// "Request approval" takes (<c>role:Sales@branch:&lt;unit&gt;</c>), with the manager an overdue task there escalates to.
/// Routing is worked out once, by <see cref="IWorkRouting"/>, so the queue is the same one the inbox shows (ADR 0103).
/// </summary>
[Activity("Crm", "RouteToUnitQueue", Category = "CRM Tasks", DisplayName = "Route to unit queue",
    Description = "Works out a unit's queue (a named unit, or a person's own) for a Human task or Request approval to use as its assignee.")]
[Outcome("Routed")]
[Outcome("NoUnit", DisplayName = "No unit")]
internal sealed class RouteToUnitQueueActivity(IWorkRouting routing, StaffLookup staff) : IActivity
{
    public const string Routed = "Routed";
    public const string NoUnit = "NoUnit";

    [Input(DisplayName = "Unit id", Description = "The unit whose queue it is; wins over Person.", Order = 0)]
    public string? Unit { get; set; }

    [Input(DisplayName = "Person", Description = "User id: their own unit's queue, e.g. the record owner's.", Order = 1)]
    public string? Person { get; set; }

    [Input(DisplayName = "Candidate role", Description = "Only this role's members of the unit see the queue (empty: everyone in the unit).", Order = 2,
        Options = ["(none)|", "Administrator|Administrator", "Process owner|ProcessOwner", "Implementer|Implementer", "Sales|Sales", "Service|Service",
            "Branch manager|BranchManager", "Executive|Executive"])]
    public string? CandidateRole { get; set; }

    [Output(Description = "The queue as an assignee, e.g. role:Sales@branch:<unit id>; use it as a Human task's Assignee.")]
    public string? Queue { get; set; }

    [Output(DisplayName = "Unit id", Description = "The unit whose queue it is.")]
    public string? UnitId { get; set; }

    [Output(DisplayName = "Unit manager id", Description = "Who an overdue task in this queue escalates to (empty when nobody).")]
    public string? UnitManagerId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Guid? unit;
        if (!string.IsNullOrWhiteSpace(Unit))
        {
            if (!Guid.TryParse(Unit.Trim(), out var named))
            {
                return ActivityResult.Fault($"Route to unit queue: '{Unit}' is not a unit id.");
            }

            unit = named;
        }
        else if (Guid.TryParse(Person?.Trim(), out var person))
        {
            unit = await routing.UnitOfAsync(person, context.CancellationToken);
        }
        else
        {
            return ActivityResult.Fault("Route to unit queue needs a unit id or a person's user id.");
        }

        if (unit is not { } id)
        {
            context.Log($"Route to unit queue: {await staff.NameAsync(Guid.Parse(Person!.Trim()), context.CancellationToken)} belongs to no unit.");
            return ActivityResult.Complete(NoUnit);
        }

        var role = string.IsNullOrWhiteSpace(CandidateRole) ? null : CandidateRole.Trim();
        Queue = role is null ? $"branch:{id:D}" : $"role:{role}@branch:{id:D}";
        UnitId = id.ToString();
        UnitManagerId = (await routing.EscalationTargetAsync(null, id, context.CancellationToken))?.ToString();
        context.Log($"Route to unit queue: {Groups.Key(role, id)}.");
        return ActivityResult.Complete(Routed);
    }
}
