using Crm.BuildingBlocks.Application;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Workflows.Abstractions;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Workflows;

/// <summary>
/// Records a follow-up on a lead from a workflow, e.g. when its owner completes the "Follow up" task in the inbox with
/// a note of what was done. Like a follow-up logged in the lead itself, it ends a "Wait for follow-up".
/// </summary>
[Activity("Crm", "LogLeadFollowUp", Category = "CRM Sales", DisplayName = "Log lead follow-up",
    Description = "Records a follow-up (call, e-mail, visit...) on the lead, e.g. with the comment of the completed inbox task.")]
internal sealed class LogLeadFollowUpActivity : IActivity
{
    [Input(DisplayName = "Lead id", Description = "The lead; empty: the workflow input 'leadId' (from \"Lead created\").", Order = 0)]
    public string? LeadId { get; set; }

    [Input(Description = "How the lead was contacted.", Order = 1, DefaultValue = nameof(FollowUpChannel.Telephone))]
    public FollowUpChannel Channel { get; set; } = FollowUpChannel.Telephone;

    [Input(Description = "What was done, e.g. getOutputFrom('task', 'comment').", UIHint = UIHints.MultiLine, Order = 2)]
    public string? Summary { get; set; }

    [Input(DisplayName = "Recorded by", Description = "Who did it (user id or name), e.g. getOutputFrom('task', 'completedBy'); empty: workflow.", Order = 3)]
    public string? RecordedBy { get; set; }

    [Output(Description = "Id of the follow-up entry.")]
    public string? FollowUpId { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (WorkflowInputs.Id(context, LeadId, "leadId") is not { } leadId)
        {
            return ActivityResult.Fault("Log lead follow-up needs a lead id: set 'Lead id', or start the workflow with \"Lead created\".");
        }

        try
        {
            var entry = await context.Services.GetRequiredService<IMediator>().Send(
                new LogLeadFollowUpCommand(Channel.ToString(), string.IsNullOrWhiteSpace(Summary) ? "Followed up (from the inbox task)." : Summary, null, null)
                {
                    Id = leadId,
                    RecordedBy = string.IsNullOrWhiteSpace(RecordedBy) ? "workflow" : RecordedBy.Trim(),
                },
                context.CancellationToken);
            FollowUpId = entry.Id.ToString();
        }
        catch (Exception ex) when (ex is CrmException or ValidationException)
        {
            return ActivityResult.Fault($"Log lead follow-up: {ex.Message}");
        }

        return ActivityResult.Complete();
    }
}
