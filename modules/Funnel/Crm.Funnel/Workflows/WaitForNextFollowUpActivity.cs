using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.PublicApi.IntegrationEvents;
using Crm.Workflows.Abstractions;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Workflows;

/// <summary>
/// Waits until the lead or opportunity of a follow-up is followed up again by us (a later follow-up logged on it, not
/// an inbound message). In the shipped "Next follow-up" workflow this withdraws the inbox task of the planned date once
/// the salesperson logs the follow-up on the record instead of completing the task.
/// </summary>
[Activity("Crm", "WaitForNextFollowUp", Category = "CRM Sales", DisplayName = "Wait for the next follow-up",
    Description = "Waits until the record of a follow-up (from \"Next follow-up scheduled\") is followed up again.")]
[Outcome("FollowedUp", DisplayName = "Followed up")]
internal sealed class WaitForNextFollowUpActivity : IResumedByEvent<FollowUpLoggedIntegrationEvent>
{
    public const string BookmarkName = "Crm.NextFollowUp";

    [Input(DisplayName = "Follow-up id", Description = "The follow-up that planned the next one; empty: the workflow input 'followUpId'.", Order = 0)]
    public string? FollowUpId { get; set; }

    [Output(Description = "The follow-up that ended the wait.")]
    public string? FollowedUpBy { get; set; }

    /// <summary>A message from the prospect (inbound) is not our follow-up: it resumes nothing.</summary>
    public Bookmark? BookmarkFor(FollowUpLoggedIntegrationEvent integrationEvent) => integrationEvent.Inbound ? null : Wait(integrationEvent.SubjectId);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (WorkflowInputs.Id(context, FollowUpId, "followUpId") is not { } followUpId
            || WorkflowInputs.Id(context, null, "subjectId") is not { } subjectId)
        {
            return ActivityResult.Fault("Wait for the next follow-up needs the follow-up: start the workflow with \"Next follow-up scheduled\".");
        }

        var followedUp = await context.Services.GetRequiredService<IMediator>().Send(new FollowedUpSinceQuery(followUpId), context.CancellationToken);
        if (followedUp is null)
        {
            return ActivityResult.Fault($"Wait for the next follow-up: follow-up {followUpId} does not exist.");
        }

        // Followed up again before the workflow got here (events are delivered after the fact): nothing to wait for.
        return followedUp.Value ? ActivityResult.Complete("FollowedUp") : ActivityResult.Suspend(Wait(subjectId));
    }

    /// <remarks>
    /// The event of the follow-up that planned this wait never gets here: the workflow server resumes waiting instances
    /// before it starts new ones for the same event, and this instance was started by that event.
    /// </remarks>
    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        FollowedUpBy = resume.Input.TryGetValue("followUpId", out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return ValueTask.FromResult(ActivityResult.Complete("FollowedUp"));
    }

    private static Bookmark Wait(Guid subjectId) => new(BookmarkName, new Dictionary<string, object?> { ["subjectId"] = subjectId.ToString() }, null);
}
