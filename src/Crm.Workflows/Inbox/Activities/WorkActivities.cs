using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Ownership;
using Crm.Workflows.PublicApi.IntegrationEvents;
using Crm.Workflows.Abstractions;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Inbox.Activities;

[Activity("Crm", "SetOutOfOffice", Category = "CRM Tasks", DisplayName = "Set out of office",
    Description = "From a date to a date, new tasks for a person go to a proxy, who works them on the person's behalf.")]
internal sealed class SetOutOfOfficeActivity(StaffLookup staff, WorkflowsDbContext db) : IActivity
{
    [Input(DisplayName = "Absent person", Description = "User id of the person who is away.", IsRequired = true, Order = 0)]
    public string? User { get; set; }

    [Input(Description = "User id of the colleague who takes their new tasks.", IsRequired = true, Order = 1)]
    public string? Proxy { get; set; }

    [Input(Description = "First moment of the absence (UTC).", IsRequired = true, Order = 2)]
    public DateTime? From { get; set; }

    [Input(Description = "End of the absence (UTC, exclusive).", IsRequired = true, Order = 3)]
    public DateTime? To { get; set; }

    [Input(Description = "Shown with the rule, e.g. the leave request.", Order = 4)]
    public string? Note { get; set; }

    [Output(DisplayName = "Rule id", Description = "Id of the out-of-office rule.")]
    public string? RuleId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!Guid.TryParse(User, out var user) || !Guid.TryParse(Proxy, out var proxy))
        {
            return ActivityResult.Fault($"Absent person '{User}' and proxy '{Proxy}' must both be user ids.");
        }

        if (user == proxy)
        {
            return ActivityResult.Fault("The proxy must be someone other than the absent person.");
        }

        if (From is not { } from || To is not { } to || to <= from)
        {
            return ActivityResult.Fault($"The absence needs a start before its end (from {From:u}, to {To:u}).");
        }

        if (staff.HasDirectory && await staff.FindAsync(proxy, context.CancellationToken) is not { IsActive: true })
        {
            return ActivityResult.Fault($"Proxy {proxy} is not an active member of staff.");
        }

        var fromUtc = Utc(from);
        var toUtc = Utc(to);
        if (await db.OutOfOfficeRules.AsNoTracking().AnyAsync(r => r.UserId == user && r.FromUtc < toUtc && fromUtc < r.ToUtc, context.CancellationToken))
        {
            return ActivityResult.Fault($"User {user} already has an out-of-office rule overlapping {fromUtc:u} – {toUtc:u}.");
        }

        var ruleId = Guid.NewGuid();
        context.AddEffect(new SetOutOfOfficeEffect(ruleId, user, proxy, fromUtc, toUtc, Note));
        RuleId = ruleId.ToString();
        context.Log($"Out of office {fromUtc:u} – {toUtc:u}: new tasks of {user} go to {proxy}.");
        return ActivityResult.Complete();
    }

    internal static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}

[Activity("Crm", "TransferWork", Category = "CRM Tasks", DisplayName = "Transfer work",
    Description = "A leaver's open tasks, and the records every enabled module hands over (customers, leads, opportunities …), go to a successor in one step.")]
internal sealed class TransferWorkActivity(WorkflowsDbContext db) : IActivity
{
    [Input(DisplayName = "Leaver", Description = "User id of the person leaving.", IsRequired = true, Order = 0)]
    public string? From { get; set; }

    [Input(DisplayName = "Successor", Description = "User id of the person taking the work over.", IsRequired = true, Order = 1)]
    public string? To { get; set; }

    [Input(DisplayName = "Include records", Description = "Also make the successor the owner of the leaver's records in the enabled modules (customers, open leads and opportunities …).", Order = 2, DefaultValue = "true")]
    public bool IncludeRecords { get; set; } = true;

    [Input(Description = "Recorded with every transferred task and record.", Order = 3)]
    public string? Reason { get; set; }

    [Output(DisplayName = "Tasks transferred")]
    public int TasksTransferred { get; set; }

    [Output(DisplayName = "Records transferred", Description = "One entry per module and kind: { module, kind, count }.")]
    public object? RecordsTransferred { get; set; }

    [Output(DisplayName = "Records summary", Description = "A sentence for the successor, e.g. \"2 customers, 1 lead and 0 opportunities are now yours.\"")]
    public string? RecordsSummary { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!Guid.TryParse(From, out var from) || !Guid.TryParse(To, out var to))
        {
            return ActivityResult.Fault($"Leaver '{From}' and successor '{To}' must both be user ids.");
        }

        if (from == to)
        {
            return ActivityResult.Fault("The successor must be someone other than the leaver.");
        }

        var reason = string.IsNullOrWhiteSpace(Reason) ? "Work transfer" : Reason.Trim();

        // The records live in the modules' databases: moved here, through their contributions. A re-run after a crash
        // finds nothing left to move, so this is safe to repeat; the tasks move in this burst's transaction (the
        // effect). The process acts for the organisation (its owner designed it, a manager confirmed it), so every
        // record of the leaver moves.
        IReadOnlyList<TransferredRecords> records = [];
        if (IncludeRecords)
        {
            records = await WorkTransfer.HandOverRecordsAsync(
                context.Services.GetServices<IOwnershipContribution>(), from, to, reason, RecordScope.All, context.CancellationToken);
            RecordsSummary = WorkTransfer.Describe(records);
        }
        else
        {
            RecordsSummary = "Records not transferred: not asked for.";
        }

        TasksTransferred = await WorkTransfer.Affected(db.HumanTasks.AsNoTracking(), from).CountAsync(context.CancellationToken);
        RecordsTransferred = records.Select(r => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["module"] = r.Module,
            ["kind"] = r.Kind,
            ["count"] = r.Count,
        }).ToList();
        context.AddEffect(new TransferWorkEffect(from, to, reason, records));
        context.Log($"Transfer from {from} to {to}: {TasksTransferred} open tasks; {RecordsSummary}");
        return ActivityResult.Complete();
    }
}
