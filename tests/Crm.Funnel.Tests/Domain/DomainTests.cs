using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Assignment;
using Crm.Funnel.PublicApi.IntegrationEvents;

namespace Crm.Funnel.Tests.Domain;

public sealed class PipelineTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Won_and_Lost_get_100_and_0_percent_whatever_is_sent()
    {
        var pipeline = Pipeline.Create("P", [new(null, "Open", 30, StageKind.Open), new(null, "Won", 10, StageKind.Won), new(null, "Lost", 90, StageKind.Lost)], false, "t", Now);

        Assert.Equal([30, 100, 0], pipeline.Stages.OrderBy(s => s.Order).Select(s => s.Probability));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 2, 1)]
    public void A_pipeline_needs_open_stages_and_exactly_one_won_and_one_lost(int open, int won, int lost)
    {
        var stages = Enumerable.Repeat(StageKind.Open, open).Concat(Enumerable.Repeat(StageKind.Won, won)).Concat(Enumerable.Repeat(StageKind.Lost, lost))
            .Select((k, i) => new StageDefinition(null, $"S{i}", 10, k)).ToList();

        Assert.Throws<BusinessRuleException>(() => Pipeline.Create("P", stages, false, "t", Now));
    }

    [Fact]
    public void Replacing_stages_keeps_ids_and_reports_a_reorder()
    {
        var pipeline = Pipeline.Create("P", Pipeline.DefaultStages, false, "t", Now);
        var open = pipeline.OpenStages.ToList();
        var same = pipeline.Stages.OrderBy(s => s.Order).Select(s => new StageDefinition(s.Id, s.Name, s.Probability + (s.Kind == StageKind.Open ? 5 : 0), s.Kind)).ToList();

        var (removed, reordered) = pipeline.ReplaceStages(same, "t", Now);
        Assert.Empty(removed);
        Assert.False(reordered);
        Assert.Equal(15, pipeline.Stage(open[0].Id).Probability);

        var swapped = new List<StageDefinition> { same[1], same[0], same[2], same[3], same[4], same[5] };
        (removed, reordered) = pipeline.ReplaceStages(swapped, "t", Now);
        Assert.True(reordered);
        Assert.Equal(1, pipeline.Stage(open[1].Id).Order);
    }
}

public sealed class LeadDomainTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    private static Lead NewLead() =>
        Lead.Create(new LeadDetails(" Wang Wei ", "Acme", null, "WW@Example.TEST", "+86 (21) 5555-0100", "Retail", "East", "Shanghai", null, null),
            "Website", LeadCapture.WebForm, null, null, "t", Now);

    [Fact]
    public void Creating_raises_LeadCreated_and_normalises_keys()
    {
        var lead = NewLead();

        var created = Assert.IsType<LeadCreatedIntegrationEvent>(Assert.Single(lead.DequeueIntegrationEvents()));
        Assert.Equal("Wang Wei", created.Name);
        Assert.Equal("WebForm", created.CapturedVia);
        Assert.Equal("ww@example.test", lead.EmailNormalized);
        Assert.Equal("862155550100", lead.PhoneNormalized);
    }

    [Fact]
    public void Assigning_to_the_same_owner_changes_nothing_and_raises_nothing()
    {
        var lead = NewLead();
        var owner = Guid.NewGuid();
        Assert.NotNull(lead.Assign(owner, null, AssignmentStrategy.Manual, null, null, "t", Now));
        lead.DequeueIntegrationEvents();

        Assert.Null(lead.Assign(owner, null, AssignmentStrategy.Manual, null, null, "t", Now));
        Assert.Empty(lead.DequeueIntegrationEvents());
    }

    [Fact]
    public void An_escalation_recorded_twice_by_the_same_step_counts_once()
    {
        var lead = NewLead();

        Assert.True(lead.RecordEscalation("wf:1:a", "t", Now));
        Assert.False(lead.RecordEscalation("wf:1:a", "t", Now));
        Assert.True(lead.RecordEscalation("wf:1:b", "t", Now));
        Assert.Equal(2, lead.EscalationCount);
    }

    [Fact]
    public void An_inbound_message_does_not_count_as_a_follow_up()
    {
        var lead = NewLead();

        var entry = lead.RecordInbound("Sent the form again", "web-form", Now);

        Assert.True(entry.Inbound);
        Assert.Equal(LeadStatus.New, lead.Status);
        Assert.Null(lead.LastFollowUpAtUtc);
    }
}

public sealed class QuoteDomainTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);
    private static readonly DocumentCurrency Cny = new("CNY", 1m);

    private static (Quote Quote, Opportunity Opportunity) NewQuote(decimal lineDiscount, decimal header = 0m)
    {
        var pipeline = Pipeline.Create("P", Pipeline.DefaultStages, true, "t", Now);
        var opportunity = Opportunity.Create(new OpportunityDetails("Deal", 0m, Today.AddDays(30), null, null, null), Guid.NewGuid(), pipeline,
            pipeline.FirstOpenStage, null, null, null, null, Cny, "t", Now);
        var quote = Quote.Create("Q-1", opportunity, new QuoteDetails(Today.AddDays(30), header, null, null),
            [new PricedLineDetails("A", "Item", 3, 33.33m, lineDiscount)], Cny, "t", Now);
        return (quote, opportunity);
    }

    [Fact]
    public void Totals_round_to_cents_and_the_discount_is_measured_against_list_prices()
    {
        var (quote, _) = NewQuote(lineDiscount: 10m, header: 2.5m);

        Assert.Equal(99.99m, quote.ListTotal);
        Assert.Equal(87.74m, quote.Total); // 99.99 × 0.9 = 89.99 (rounded), × 0.975 = 87.74
        Assert.Equal(12.25m, quote.DiscountPercent);
    }

    [Fact]
    public void Exactly_the_threshold_needs_no_approval()
    {
        var (quote, _) = NewQuote(lineDiscount: 15m);

        Assert.False(quote.Submit(15m, Today, "t", Now));
        Assert.Equal(QuoteStatus.Approved, quote.Status);
    }

    [Fact]
    public void A_decision_repeated_by_a_rerun_step_is_a_no_op_but_a_contrary_one_is_refused()
    {
        var (quote, _) = NewQuote(lineDiscount: 40m);
        Assert.True(quote.Submit(15m, Today, "t", Now));
        Assert.IsType<QuoteDiscountApprovalRequestedIntegrationEvent>(Assert.Single(quote.DequeueIntegrationEvents()));

        Assert.True(quote.Decide(true, null, "m", Now));
        Assert.False(quote.Decide(true, null, "m", Now));
        Assert.Throws<BusinessRuleException>(() => quote.Decide(false, null, "m", Now));
    }

    [Fact]
    public void Accepting_sets_the_opportunity_amount_and_raises_QuoteAccepted()
    {
        var (quote, opportunity) = NewQuote(lineDiscount: 0m);
        quote.Submit(15m, Today, "t", Now);

        quote.Accept(opportunity, Today, "t", Now);

        Assert.Equal(99.99m, opportunity.Amount);
        Assert.Equal(quote.Id, opportunity.AcceptedQuoteId);
        Assert.IsType<QuoteAcceptedIntegrationEvent>(Assert.Single(quote.DequeueIntegrationEvents()));
    }
}

public sealed class ContributionTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Moving_to_a_later_stage_moves_the_amount_and_adds_reach_for_the_stages_passed()
    {
        var pipeline = Pipeline.Create("P", Pipeline.DefaultStages, true, "t", Now);
        var open = pipeline.OpenStages.ToList();
        var o = Opportunity.Create(new OpportunityDetails("D", 500m, new DateOnly(2027, 1, 10), null, null, null), Guid.NewGuid(), pipeline, open[0], null, null, null, null, new DocumentCurrency("CNY", 1m), "t", Now);
        var before = Contribution.Of(o, pipeline);

        o.MoveTo(pipeline, open[2], null, "t", Now.AddDays(1));
        var delta = Contribution.Diff(before, Contribution.Of(o, pipeline));

        Assert.Equal(2, delta.Totals.Count);
        Assert.Contains(delta.Totals, t => t.Key.StageId == open[0].Id && t.Count == -1 && t.Amount == -500m);
        Assert.Contains(delta.Totals, t => t.Key.StageId == open[2].Id && t.Count == 1 && t.Amount == 500m && t.Key.Month == 202701);
        Assert.Equal(new[] { open[1].Id, open[2].Id }.Order(), delta.Reach.Select(r => r.Key.StageId).Order());
        Assert.All(delta.Reach, r => Assert.Equal(1, r.Count));
    }

    [Fact]
    public void Losing_keeps_the_reach_and_counts_the_loss_in_the_month_it_was_lost()
    {
        var pipeline = Pipeline.Create("P", Pipeline.DefaultStages, true, "t", Now);
        var open = pipeline.OpenStages.ToList();
        var o = Opportunity.Create(new OpportunityDetails("D", 500m, new DateOnly(2027, 6, 10), null, null, null), Guid.NewGuid(), pipeline, open[1], null, null, null, null, new DocumentCurrency("CNY", 1m), "t", Now);
        var before = Contribution.Of(o, pipeline);

        o.MoveTo(pipeline, pipeline.LostStage, new LossDetails("Price", "Too dear", null), "t", Now.AddDays(40));
        var delta = Contribution.Diff(before, Contribution.Of(o, pipeline));

        Assert.Empty(delta.Reach);
        var lost = Assert.Single(delta.Totals, t => t.Count == 1);
        Assert.Equal((pipeline.LostStage.Id, 202701, 40L), (lost.Key.StageId, lost.Key.Month, lost.CycleDays));
    }
}

public sealed class AssignmentRulesTests
{
    private static Lead Lead(string industry, string territory) =>
        Crm.Funnel.Domain.Lead.Create(new LeadDetails("N", "Co", null, "a@b.test", null, industry, territory, "Shanghai", null, null),
            "Referral", LeadCapture.Manual, null, null, "t", DateTime.UtcNow);

    [Fact]
    public void The_first_matching_rule_wins_and_star_matches_everything()
    {
        var u1 = Guid.NewGuid();
        var u2 = Guid.NewGuid();
        var rules = AssignmentRules.Parse($"# comment\nindustry=Retail; territory=East -> {u1}\nsource=referral -> queue:Referrals\n* -> {u2}");

        Assert.Equal(u1, rules.Match(Lead("retail", "EAST"))!.UserId);
        Assert.Equal("Referrals", rules.Match(Lead("Retail", "West"))!.Queue);
        Assert.Equal(3, rules.Rules.Count);
    }

    [Theory]
    [InlineData("industry=Retail", "no '->'")]
    [InlineData("colour=red -> queue:x", "is not a condition")]
    [InlineData("* -> somebody", "neither a user id")]
    [InlineData("* -> queue:", "queue name")]
    public void A_rule_that_cannot_be_read_says_which_line_and_why(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AssignmentRules.Parse("# first\n" + text));

        Assert.Contains("line 2", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Round_robin_picks_the_next_eligible_candidate_after_the_last_and_wraps()
    {
        Guid[] order = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        Assert.Equal(order[0], AssignByStrategyHandler.Pick(order, order.ToHashSet(), null));
        Assert.Equal(order[2], AssignByStrategyHandler.Pick(order, order.ToHashSet(), order[1]));
        Assert.Equal(order[0], AssignByStrategyHandler.Pick(order, order.ToHashSet(), order[2]));
        Assert.Equal(order[2], AssignByStrategyHandler.Pick(order, new HashSet<Guid> { order[2] }, order[2]));
        Assert.Equal(order[0], AssignByStrategyHandler.Pick(order, order.ToHashSet(), Guid.NewGuid()));
    }
}
