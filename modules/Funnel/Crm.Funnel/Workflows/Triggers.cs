using Crm.Funnel.PublicApi.IntegrationEvents;
using Crm.Workflows.Abstractions;

namespace Crm.Funnel.Workflows;

/// <summary>
/// Starts a published workflow when a lead is captured (by hand, import, web form, campaign): the default lead
/// assignment workflow begins with it. The event's fields are the workflow input (<c>getInput('leadId')</c>, <c>name</c>, ...).
/// </summary>
[Activity("Crm", "LeadCreated", Category = "CRM Sales", DisplayName = "Lead created", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when a lead is captured. Tick \"Trigger workflow\" on it.")]
internal sealed class LeadCreatedTrigger : IEventTrigger<LeadCreatedIntegrationEvent>
{
    [Output(Description = "Id of the new lead.")]
    public string? LeadId { get; set; }

    [Output(Description = "The person's name.")]
    public string? Name { get; set; }

    [Output(Description = "The company, if given.")]
    public string? Company { get; set; }

    [Output(Description = "How it came in: Manual, Import, WebForm or Campaign.")]
    public string? CapturedVia { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        LeadId = WorkflowInputs.Text(context, "leadId");
        Name = WorkflowInputs.Text(context, "name");
        Company = WorkflowInputs.Text(context, "company");
        CapturedVia = WorkflowInputs.Text(context, "capturedVia");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>Starts the discount-approval workflow when a quote is submitted with a discount above the threshold.</summary>
[Activity("Crm", "QuoteDiscountRequested", Category = "CRM Sales", DisplayName = "Quote discount requested", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when a quote's discount needs approval (above Funnel:Quotes:DiscountApprovalThresholdPercent). End it with \"Set quote approval\".")]
internal sealed class QuoteDiscountRequestedTrigger : IEventTrigger<QuoteDiscountApprovalRequestedIntegrationEvent>
{
    [Output(Description = "Id of the quote waiting for approval.")]
    public string? QuoteId { get; set; }

    [Output(Description = "Quote number and revision, e.g. Q-2026-000042 rev 2.")]
    public string? Number { get; set; }

    [Output(Description = "Effective discount in percent.")]
    public decimal DiscountPercent { get; set; }

    [Output(Description = "Quote total.")]
    public decimal Total { get; set; }

    [Output(Description = "The salesperson who owns the quote.")]
    public string? OwnerId { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        QuoteId = WorkflowInputs.Text(context, "quoteId");
        Number = $"{WorkflowInputs.Text(context, "number")} rev {WorkflowInputs.Text(context, "revision")}";
        DiscountPercent = WorkflowInputs.Number(context, "discountPercent");
        Total = WorkflowInputs.Number(context, "total");
        OwnerId = WorkflowInputs.Text(context, "ownerId");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>Starts a workflow when a reminder before a campaign's start is due (e.g. to notify the team).</summary>
[Activity("Crm", "CampaignReminderDue", Category = "CRM Sales", DisplayName = "Campaign reminder due", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when a reminder set on a campaign is due.")]
internal sealed class CampaignReminderDueTrigger : IEventTrigger<CampaignReminderDueIntegrationEvent>
{
    [Output(Description = "Id of the campaign.")]
    public string? CampaignId { get; set; }

    [Output(Description = "Name of the campaign.")]
    public string? CampaignName { get; set; }

    [Output(Description = "Who should be reminded (the reminder's recipient, or the campaign's owner).")]
    public string? RecipientId { get; set; }

    [Output(Description = "The reminder's note.")]
    public string? Note { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        CampaignId = WorkflowInputs.Text(context, "campaignId");
        CampaignName = WorkflowInputs.Text(context, "campaignName");
        RecipientId = WorkflowInputs.Text(context, "recipientId");
        Note = WorkflowInputs.Text(context, "note");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>Starts a workflow when an opportunity is won (e.g. hand over to contracts, congratulate the team).</summary>
[Activity("Crm", "OpportunityWon", Category = "CRM Sales", DisplayName = "Opportunity won", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when an opportunity is won.")]
internal sealed class OpportunityWonTrigger : IEventTrigger<OpportunityWonIntegrationEvent>
{
    [Output(Description = "Id of the opportunity.")]
    public string? OpportunityId { get; set; }

    [Output(Description = "Its amount.")]
    public decimal Amount { get; set; }

    [Output(Description = "Its owner.")]
    public string? OwnerId { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        OpportunityId = WorkflowInputs.Text(context, "opportunityId");
        Amount = WorkflowInputs.Number(context, "amount");
        OwnerId = WorkflowInputs.Text(context, "ownerId");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>Starts a workflow when an opportunity is lost (e.g. a loss review above some amount).</summary>
[Activity("Crm", "OpportunityLost", Category = "CRM Sales", DisplayName = "Opportunity lost", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when an opportunity is lost; the reason and competitor are in the input.")]
internal sealed class OpportunityLostTrigger : IEventTrigger<OpportunityLostIntegrationEvent>
{
    [Output(Description = "Id of the opportunity.")]
    public string? OpportunityId { get; set; }

    [Output(Description = "Price, Competitor, NoBudget, NoDecision, ProductFit, Timing or Other.")]
    public string? ReasonCategory { get; set; }

    [Output(Description = "Who won it, if known.")]
    public string? Competitor { get; set; }

    [Output(Description = "Its amount.")]
    public decimal Amount { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        OpportunityId = WorkflowInputs.Text(context, "opportunityId");
        ReasonCategory = WorkflowInputs.Text(context, "reasonCategory");
        Competitor = WorkflowInputs.Text(context, "competitor");
        Amount = WorkflowInputs.Number(context, "amount");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>
/// Starts a workflow when a follow-up on a lead or an opportunity names the next one (its date), and the record has an
/// owner: the shipped "Next follow-up" workflow puts a task in the owner's inbox due then (issue 12.14).
/// </summary>
[Activity("Crm", "NextFollowUpScheduled", Category = "CRM Sales", DisplayName = "Next follow-up scheduled", Kind = ActivityKind.Trigger,
    Description = "Starts the workflow when a follow-up logged on a lead or an opportunity sets the date of the next one.")]
internal sealed class NextFollowUpScheduledTrigger : IEventTrigger<FollowUpLoggedIntegrationEvent>
{
    [Output(Description = "Lead or Opportunity.")]
    public string? Subject { get; set; }

    [Output(Description = "Id of the lead or opportunity.")]
    public string? SubjectId { get; set; }

    [Output(Description = "Its name.")]
    public string? SubjectName { get; set; }

    [Output(Description = "Its owner, who is to follow it up.")]
    public string? OwnerId { get; set; }

    [Output(Description = "When the next follow-up is due (UTC).")]
    public string? NextFollowUpAtUtc { get; set; }

    [Output(Description = "Where the record is, e.g. /funnel/leads/{id}.")]
    public string? Link { get; set; }

    public bool Matches(FollowUpLoggedIntegrationEvent integrationEvent) => integrationEvent is { NextFollowUpAtUtc: not null, OwnerId: not null };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Subject = WorkflowInputs.Text(context, "subject");
        SubjectId = WorkflowInputs.Text(context, "subjectId");
        SubjectName = WorkflowInputs.Text(context, "subjectName");
        OwnerId = WorkflowInputs.Text(context, "ownerId");
        NextFollowUpAtUtc = WorkflowInputs.Text(context, "nextFollowUpAtUtc");
        Link = WorkflowInputs.Text(context, "link");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>Reads the workflow input a trigger's event left (camelCase names, JSON values).</summary>
internal static class WorkflowInputs
{
    public static string? Text(ActivityContext context, string name) =>
        context.WorkflowInput.TryGetValue(name, out var value) && value is not null
            ? value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e ? e.GetString() : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static decimal Number(ActivityContext context, string name) =>
        decimal.TryParse(Text(context, name), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0m;

    /// <summary>An id input, falling back to the workflow input (e.g. the leadId a trigger left) when the designer left it empty.</summary>
    public static Guid? Id(ActivityContext context, string? value, string inputName) =>
        Guid.TryParse(string.IsNullOrWhiteSpace(value) ? Text(context, inputName) : value, out var id) && id != Guid.Empty ? id : null;
}
