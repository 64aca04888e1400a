using Crm.BuildingBlocks.Application;
using Crm.Funnel.Features.Quotes;
using Crm.Workflows.Abstractions;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Workflows;

internal enum QuoteDecision
{
    Approved,
    Rejected,
}

/// <summary>Records the outcome of a discount approval on the quote (Approved: it may be sent; Rejected: back to the salesperson).</summary>
[Activity("Crm", "SetQuoteApproval", Category = "CRM Sales", DisplayName = "Set quote approval",
    Description = "Approves or rejects the discount of a quote waiting for approval (the end of a discount-approval workflow).")]
internal sealed class SetQuoteApprovalActivity : IActivity
{
    [Input(DisplayName = "Quote id", Description = "The quote; empty: the workflow input 'quoteId' (from \"Quote discount requested\").", Order = 0)]
    public string? QuoteId { get; set; }

    [Input(Description = "The decision, e.g. from the approver's task outcome.", Order = 1, DefaultValue = nameof(QuoteDecision.Approved))]
    public QuoteDecision Decision { get; set; } = QuoteDecision.Approved;

    [Input(Description = "The approver's comment.", UIHint = UIHints.MultiLine, Order = 2)]
    public string? Comment { get; set; }

    [Input(DisplayName = "Decided by", Description = "Who decided (user id or name), for the quote's record; empty: workflow.", Order = 3)]
    public string? DecidedBy { get; set; }

    [Output(Description = "The quote's status afterwards.")]
    public string? Status { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (WorkflowInputs.Id(context, QuoteId, "quoteId") is not { } quoteId)
        {
            return ActivityResult.Fault("Set quote approval needs a quote id: set 'Quote id', or start the workflow with \"Quote discount requested\".");
        }

        try
        {
            var quote = await context.Services.GetRequiredService<IMediator>().Send(
                new DecideQuoteCommand(Decision == QuoteDecision.Approved, Comment) { Id = quoteId, DecidedBy = string.IsNullOrWhiteSpace(DecidedBy) ? "workflow" : DecidedBy.Trim() },
                context.CancellationToken);
            Status = quote.Status.ToString();
        }
        catch (CrmException ex)
        {
            return ActivityResult.Fault($"Set quote approval: {ex.Message}");
        }

        context.Log($"Quote {quoteId}: discount {Decision}");
        return ActivityResult.Complete();
    }
}
