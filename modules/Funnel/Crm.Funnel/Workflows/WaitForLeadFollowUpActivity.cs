using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Features.Assignment;
using Crm.Funnel.PublicApi.IntegrationEvents;
using Crm.Workflows.Abstractions;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Workflows;

/// <summary>
/// Waits until the lead's owner follows it up (a follow-up logged on the lead), at most the time limit. Continues on
/// FollowedUp, or on TimedOut when the limit passes first; the missed limit is counted on the lead (its escalation
/// count), and the outputs name the owner and their manager for the escalation that follows.
/// </summary>
[Activity("Crm", "WaitForLeadFollowUp", Category = "CRM Sales", DisplayName = "Wait for follow-up",
    Description = "Waits for the lead's first follow-up after its assignment; TimedOut when the time limit passes first (then escalate or reassign).")]
[Outcome("FollowedUp", DisplayName = "Followed up")]
[Outcome("TimedOut", DisplayName = "Timed out")]
internal sealed class WaitForLeadFollowUpActivity : IResumedByEvent<LeadFollowedUpIntegrationEvent>
{
    public const string BookmarkName = "Crm.LeadFollowUp";

    [Input(DisplayName = "Lead id", Description = "The lead; empty: the workflow input 'leadId' (from \"Lead created\").", Order = 0)]
    public string? LeadId { get; set; }

    [Input(DisplayName = "Time limit (hours)", Description = "How long the owner has to follow the lead up.", Order = 1, DefaultValue = "24")]
    public double TimeLimitHours { get; set; } = 24;

    [Output(Description = "Owner of the lead when the wait ended.")]
    public string? OwnerId { get; set; }

    [Output(Description = "The owner's manager (from the staff directory), for escalation.")]
    public string? ManagerId { get; set; }

    [Output(Description = "The lead's id.")]
    public string? Lead { get; set; }

    public Bookmark? BookmarkFor(LeadFollowedUpIntegrationEvent integrationEvent) => Wait(integrationEvent.LeadId, null);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (WorkflowInputs.Id(context, LeadId, "leadId") is not { } leadId)
        {
            return ActivityResult.Fault("Wait for follow-up needs a lead id: set 'Lead id', or start the workflow with \"Lead created\".");
        }

        if (TimeLimitHours is <= 0 or > 24 * 365)
        {
            return ActivityResult.Fault("Wait for follow-up: the time limit is between 0 and 8760 hours.");
        }

        var state = await context.Services.GetRequiredService<IMediator>().Send(new LeadFollowUpStateQuery(leadId), context.CancellationToken);
        if (state is null)
        {
            return ActivityResult.Fault($"Wait for follow-up: lead {leadId} does not exist.");
        }

        Lead = leadId.ToString();
        if (state.FollowedUp || !state.IsOpen)
        {
            // Already followed up (or converted/disqualified) before the workflow got here: nothing to wait for.
            return await DoneAsync(context, state, "FollowedUp");
        }

        var now = context.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        context.Log($"Waiting up to {TimeLimitHours:0.##} h for a follow-up of lead {state.Name}");
        return ActivityResult.Suspend(Wait(leadId, now.AddHours(TimeLimitHours)));
    }

    public async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var leadId = Guid.Parse((string)resume.Payload["leadId"]!);
        Lead = leadId.ToString();
        var mediator = context.Services.GetRequiredService<IMediator>();
        var state = await mediator.Send(new LeadFollowUpStateQuery(leadId), context.CancellationToken);
        if (state is null)
        {
            return ActivityResult.Fault($"Wait for follow-up: lead {leadId} no longer exists.");
        }

        // Resumed by the LeadFollowedUp event, or by the timer; a follow-up recorded just before the timer fired counts too.
        if (resume.Input.ContainsKey("followUpId") || state.FollowedUp || !state.IsOpen)
        {
            return await DoneAsync(context, state, "FollowedUp");
        }

        await mediator.Send(new RecordLeadEscalationCommand(leadId, $"wf:{context.WorkflowInstanceId}:{context.ActivityExecutionId ?? context.ActivityId}"),
            context.CancellationToken);
        context.Log($"Lead {state.Name} was not followed up within {TimeLimitHours:0.##} h");
        return await DoneAsync(context, state, "TimedOut");
    }

    private async ValueTask<ActivityResult> DoneAsync(ActivityContext context, LeadFollowUpState state, string outcome)
    {
        OwnerId = state.OwnerId?.ToString();
        if (state.OwnerId is { } owner && context.Services.GetService<IStaffDirectory>() is { } directory)
        {
            ManagerId = (await directory.FindAsync(owner, context.CancellationToken))?.ManagerId?.ToString();
        }

        return ActivityResult.Complete(outcome);
    }

    private static Bookmark Wait(Guid leadId, DateTime? resumeAtUtc) =>
        new(BookmarkName, new Dictionary<string, object?> { ["leadId"] = leadId.ToString() }, resumeAtUtc);
}
