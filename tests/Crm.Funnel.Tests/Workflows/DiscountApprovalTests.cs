using System.Net;
using System.Text.Json;
using Crm.Funnel.Tests.Support;
using static Crm.Funnel.Tests.Support.Flow;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>A quote above the discount threshold starts the published discount-approval workflow, whose decision lands on the quote.</summary>
public sealed class DiscountApprovalTests
{
    [Fact]
    public async Task A_drawn_approval_rejects_deep_discounts_and_approves_moderate_ones()
    {
        using var app = new FunnelApp(new Dictionary<string, string?> { ["Funnel:Quotes:DiscountApprovalThresholdPercent"] = "10" });
        await new Flow()
            .Trigger("requested", "Crm.QuoteDiscountRequested")
            .Activity("deep", "Elsa.FlowDecision", ("condition", Js("getInput('discountPercent') > 30")))
            .Activity("reject", "Crm.SetQuoteApproval", ("decision", Literal("Rejected")), ("comment", Js("'Discount of ' + getInput('discountPercent') + '% needs the director'")))
            .Activity("approve", "Crm.SetQuoteApproval", ("decision", Literal("Approved")), ("decidedBy", Literal("Sales manager")))
            .Connect("requested", "Done", "deep")
            .Connect("deep", "True", "reject")
            .Connect("deep", "False", "approve")
            .PublishAsync(app.Client, "discount-approval", "Discount approval");

        var deep = await SubmitQuoteAsync(app, discount: 40m);
        var moderate = await SubmitQuoteAsync(app, discount: 20m);
        var small = await SubmitQuoteAsync(app, discount: 5m);
        Assert.Equal(("PendingApproval", "PendingApproval", "Approved"), (Status(deep), Status(moderate), Status(small)));

        await app.DeliverEventsAsync();

        var rejected = await app.GetAsync($"/api/funnel/quotes/{deep.GetProperty("id").GetGuid()}");
        Assert.Equal("Rejected", Status(rejected));
        Assert.Equal("Discount of 40% needs the director", rejected.GetProperty("decisionComment").GetString());
        var approved = await app.GetAsync($"/api/funnel/quotes/{moderate.GetProperty("id").GetGuid()}");
        Assert.Equal("Approved", Status(approved));
        Assert.Equal("Sales manager", approved.GetProperty("decidedBy").GetString());
        // The quote within the threshold never started the workflow.
        Assert.Equal(2, (await InstancesAsync(app.Client, "discount-approval")).Count);
        // Approved may now be sent; the rejected one is edited and submitted again.
        await app.PostAsync($"/api/funnel/quotes/{moderate.GetProperty("id").GetGuid()}/send", new { });
    }

    [Fact]
    public async Task Set_quote_approval_on_a_quote_that_is_not_pending_faults_the_instance()
    {
        using var app = new FunnelApp();
        await new Flow()
            .Trigger("requested", "Crm.QuoteDiscountRequested")
            .Activity("approve", "Crm.SetQuoteApproval", ("decision", Literal("Approved")))
            .Activity("reject", "Crm.SetQuoteApproval", ("decision", Literal("Rejected")))
            .Connect("requested", "Done", "approve")
            .Connect("approve", "Done", "reject")
            .PublishAsync(app.Client, "double-decision", "Double decision");

        var quote = await SubmitQuoteAsync(app, discount: 50m);
        await app.DeliverEventsAsync();

        var instance = Assert.Single(await InstancesAsync(app.Client, "double-decision"));
        Assert.Equal("Faulted", instance.GetProperty("subStatus").GetString());
        Assert.Equal("Approved", Status(await app.GetAsync($"/api/funnel/quotes/{quote.GetProperty("id").GetGuid()}")));
    }

    private static async Task<JsonElement> SubmitQuoteAsync(FunnelApp app, decimal discount)
    {
        var account = await app.CreateAccountAsync();
        var opportunity = (await app.CreateOpportunityAsync(account, 1000m, new DateOnly(2027, 6, 30))).GetProperty("id").GetGuid();
        var quote = await app.PostAsync($"/api/funnel/opportunities/{opportunity}/quotes",
            new { lines = new[] { new { description = "Licence", quantity = 10, unitPrice = 100m, discountPercent = discount } } }, HttpStatusCode.Created);
        return await app.PostAsync($"/api/funnel/quotes/{quote.GetProperty("id").GetGuid()}/submit", new { });
    }

    private static string? Status(JsonElement quote) => quote.GetProperty("status").GetString();
}
