using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.PublicApi.IntegrationEvents;

namespace Crm.Funnel.Domain;

/// <summary>
/// A possible sale to an account, moving through the stages of its pipeline until it is won or lost. Its amount is
/// the sum of its product lines when it has lines, otherwise the estimate the salesperson enters.
/// </summary>
internal sealed class Opportunity : AuditedRecord, IOwnedRecord, IRaisesIntegrationEvents, IAuditable
{
    public const int MaxLines = 200;

    private readonly List<OpportunityLine> _lines = [];
    private readonly List<IIntegrationEvent> _events = [];

    private Opportunity()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public Guid AccountId { get; private set; }

    /// <summary>The contact person at the account (a contact of the Accounts module).</summary>
    public Guid? ContactId { get; private set; }

    public Guid PipelineId { get; private set; }

    public Guid StageId { get; private set; }

    /// <summary>The most advanced open (or the Won) stage this opportunity has reached; the conversion statistics count it.</summary>
    public Guid FurthestStageId { get; private set; }

    public OpportunityStatus Status { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 code of <see cref="Amount"/> and the lines.</summary>
    public string Currency { get; private set; } = Currencies.DefaultCompanyCurrency;

    /// <summary>Company-currency units per unit of <see cref="Currency"/>, captured when the currency was chosen (1 for the company currency).</summary>
    public decimal ExchangeRate { get; private set; } = 1m;

    /// <summary>The amount in the company currency at <see cref="ExchangeRate"/>: what reports and statistics sum.</summary>
    public decimal CompanyAmount { get; private set; }

    public DateOnly ExpectedCloseDate { get; private set; }

    public Guid? OwnerId { get; private set; }

    public Guid? BranchId { get; private set; }

    public Guid? CampaignId { get; private set; }

    public Guid? LeadId { get; private set; }

    public string? Description { get; private set; }

    public string? NextStep { get; private set; }

    public DateTime? NextStepDueAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    /// <summary>A code of the <c>lost-reason</c> dictionary (ADR 0125).</summary>
    public string? LostReasonCategory { get; private set; }

    public string? LostReason { get; private set; }

    public string? Competitor { get; private set; }

    public Guid? AcceptedQuoteId { get; private set; }

    public DateTime StageChangedAtUtc { get; private set; }

    // Month keys (yyyymm) of the statistics, stored so a rebuild is a plain GROUP BY.
    public int CreatedMonth { get; private set; }

    public int ExpectedCloseMonth { get; private set; }

    public int? ClosedMonth { get; private set; }

    public IReadOnlyList<OpportunityLine> Lines => _lines;

    Guid IAuditable.AuditSubjectId => Id;

    public static Opportunity Create(
        OpportunityDetails details, Guid accountId, Pipeline pipeline, PipelineStage stage, Guid? ownerId, Guid? campaignId, Guid? leadId,
        IReadOnlyList<PricedLineDetails>? lines, DocumentCurrency currency, string by, DateTime nowUtc)
    {
        if (stage.Kind != StageKind.Open)
        {
            throw new BusinessRuleException("A new opportunity starts in an open stage.", "stageId");
        }

        var opportunity = new Opportunity
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            PipelineId = pipeline.Id,
            StageId = stage.Id,
            FurthestStageId = stage.Id,
            Status = OpportunityStatus.Open,
            OwnerId = ownerId,
            CampaignId = campaignId,
            LeadId = leadId,
            StageChangedAtUtc = nowUtc,
            CreatedMonth = MonthKey.Of(nowUtc),
        };
        opportunity.StampCreated(by, nowUtc);
        opportunity.Currency = currency.Code;
        opportunity.ExchangeRate = currency.Rate;
        opportunity.Apply(details);
        if (lines is { Count: > 0 })
        {
            opportunity.ReplaceLines(lines);
        }

        return opportunity;
    }

    /// <summary>The first history entry (the stage it was opened in).</summary>
    public OpportunityStageChange InitialStageChange(PipelineStage stage) =>
        OpportunityStageChange.Create(Id, null, null, stage.Id, stage.Name, Amount, CreatedAtUtc, CreatedBy);

    /// <param name="currency">The currency chosen; its rate is taken only when the currency changes (a document keeps the rate it was priced at).</param>
    public void UpdateDetails(OpportunityDetails details, DocumentCurrency? currency, string by, DateTime nowUtc)
    {
        EnsureOpen();
        if (currency is not null && currency.Code != Currency)
        {
            Currency = currency.Code;
            ExchangeRate = currency.Rate;
        }

        Apply(details);
        Touch(by, nowUtc);
    }

    /// <summary>Replaces the product lines; the amount becomes their total (an empty list keeps the entered estimate).</summary>
    public void SetLines(IReadOnlyList<PricedLineDetails> lines, string by, DateTime nowUtc)
    {
        EnsureOpen();
        ReplaceLines(lines);
        Touch(by, nowUtc);
    }

    public void SetNextStep(string? nextStep, DateTime? dueAtUtc, string by, DateTime nowUtc)
    {
        EnsureOpen();
        NextStep = Normalize.Text(nextStep);
        NextStepDueAtUtc = NextStep is null ? null : dueAtUtc;
        Touch(by, nowUtc);
    }

    public bool ChangeOwner(Guid? ownerId, string by, DateTime nowUtc)
    {
        if (OwnerId == ownerId)
        {
            return false;
        }

        OwnerId = ownerId;
        Touch(by, nowUtc);
        return true;
    }

    /// <summary>
    /// Moves to another stage of the pipeline. Into Won it closes as won; into Lost it needs a reason; from Won or Lost
    /// back into an open stage it reopens. Returns the history entry.
    /// </summary>
    /// <param name="reopenConfirmed">
    /// A Won deal moved back to an open stage loses its win (revenue, accepted quote); the caller must have asked the
    /// user first and say so.
    /// </param>
    public OpportunityStageChange MoveTo(Pipeline pipeline, PipelineStage to, LossDetails? loss, string by, DateTime nowUtc, bool reopenConfirmed = false)
    {
        if (to.PipelineId != PipelineId)
        {
            throw new BusinessRuleException("The stage belongs to another pipeline.", "stageId");
        }

        if (to.Id == StageId)
        {
            throw new BusinessRuleException($"The opportunity is already in stage '{to.Name}'.", "stageId");
        }

        if (Status == OpportunityStatus.Won && to.Kind is not (StageKind.Won or StageKind.Lost) && !reopenConfirmed)
        {
            throw new BusinessRuleException(
                $"The opportunity is Won: moving it to '{to.Name}' reopens it and takes its revenue out of the results. Send confirmReopen: true to do so.",
                "confirmReopen");
        }

        var from = pipeline.Stage(StageId);
        switch (to.Kind)
        {
            case StageKind.Won:
                Status = OpportunityStatus.Won;
                Close(nowUtc);
                LostReasonCategory = null;
                LostReason = null;
                Competitor = null;
                break;
            case StageKind.Lost:
                if (loss is null || Normalize.Text(loss.Reason) is null)
                {
                    throw new BusinessRuleException("Say why the opportunity was lost: a reason is required.", "lostReason");
                }

                Status = OpportunityStatus.Lost;
                Close(nowUtc);
                LostReasonCategory = loss.Category;
                LostReason = Normalize.Text(loss.Reason);
                Competitor = Normalize.Text(loss.Competitor);
                break;
            default:
                Status = OpportunityStatus.Open;
                ClosedAtUtc = null;
                ClosedMonth = null;
                LostReasonCategory = null;
                LostReason = null;
                Competitor = null;
                AcceptedQuoteId = null;
                break;
        }

        StageId = to.Id;
        StageChangedAtUtc = nowUtc;
        if (to.Kind != StageKind.Lost && to.Order > pipeline.Stage(FurthestStageId).Order)
        {
            FurthestStageId = to.Id;
        }

        Touch(by, nowUtc);
        _events.Add(new OpportunityStageChangedIntegrationEvent(
            Guid.NewGuid(), nowUtc, Id, AccountId, PipelineId, from.Name, to.Name, to.Probability, Amount, OwnerId, by));
        if (to.Kind == StageKind.Won)
        {
            _events.Add(new OpportunityWonIntegrationEvent(Guid.NewGuid(), nowUtc, Id, AccountId, Name, Amount, OwnerId, BranchId, CampaignId, AcceptedQuoteId, by));
        }
        else if (to.Kind == StageKind.Lost)
        {
            _events.Add(new OpportunityLostIntegrationEvent(
                Guid.NewGuid(), nowUtc, Id, AccountId, Name, Amount, LostReasonCategory!, LostReason!, Competitor, from.Name, OwnerId, BranchId, by));
        }

        return OpportunityStageChange.Create(Id, from.Id, from.Name, to.Id, to.Name, Amount, nowUtc, by);
    }

    /// <summary>The customer accepted a quote: its total is now the opportunity's amount.</summary>
    public void AcceptQuote(Guid quoteId, decimal total, DocumentCurrency currency, string by, DateTime nowUtc)
    {
        EnsureOpen();
        AcceptedQuoteId = quoteId;
        // The accepted quote may be in another currency: the deal is now worth what the customer signed, at its rate.
        Currency = currency.Code;
        ExchangeRate = currency.Rate;
        SetAmount(total);
        Touch(by, nowUtc);
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }

    public void EnsureOpen()
    {
        if (Status != OpportunityStatus.Open)
        {
            throw new BusinessRuleException($"The opportunity is {Status}; move it back to an open stage to change it.");
        }
    }

    private void Close(DateTime nowUtc)
    {
        ClosedAtUtc = nowUtc;
        ClosedMonth = MonthKey.Of(nowUtc);
    }

    private void Apply(OpportunityDetails details)
    {
        Name = details.Name.Trim();
        ContactId = details.ContactId;
        BranchId = details.BranchId;
        Description = Normalize.Text(details.Description);
        ExpectedCloseDate = details.ExpectedCloseDate;
        ExpectedCloseMonth = MonthKey.Of(details.ExpectedCloseDate);
        SetAmount(_lines.Count == 0 ? details.Amount : Amount);
    }

    private void ReplaceLines(IReadOnlyList<PricedLineDetails> lines)
    {
        if (lines.Count > MaxLines)
        {
            throw new BusinessRuleException($"At most {MaxLines} lines.", "lines");
        }

        _lines.Clear();
        var position = 1;
        foreach (var line in lines)
        {
            _lines.Add(OpportunityLine.Create(Id, position++, line));
        }

        if (_lines.Count > 0)
        {
            SetAmount(_lines.Sum(l => l.NetAmount));
        }
    }

    private void SetAmount(decimal amount)
    {
        Amount = Money.Round(amount);
        CompanyAmount = Money.Round(Amount * ExchangeRate);
    }
}

internal sealed record OpportunityDetails(string Name, decimal Amount, DateOnly ExpectedCloseDate, Guid? ContactId, Guid? BranchId, string? Description);

/// <param name="Category">A code of the <c>lost-reason</c> dictionary.</param>
internal sealed record LossDetails(string Category, string? Reason, string? Competitor);

/// <summary>A product line as entered: quantity × unit price less a line discount in percent.</summary>

/// <summary>A product or service the opportunity is about.</summary>
internal sealed class OpportunityLine : PricedLine
{
    private OpportunityLine()
    {
    }

    public Guid OpportunityId { get; private set; }

    public static OpportunityLine Create(Guid opportunityId, int position, PricedLineDetails line)
    {
        var created = new OpportunityLine { OpportunityId = opportunityId };
        created.Price(position, line);
        return created;
    }
}

/// <summary>One move of an opportunity between stages, with when and by whom (the stage history).</summary>
internal sealed class OpportunityStageChange
{
    private OpportunityStageChange()
    {
    }

    public long Id { get; private set; }

    public Guid OpportunityId { get; private set; }

    public Guid? FromStageId { get; private set; }

    public string? FromStage { get; private set; }

    public Guid ToStageId { get; private set; }

    public string ToStage { get; private set; } = "";

    public decimal Amount { get; private set; }

    public DateTime ChangedAtUtc { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public static OpportunityStageChange Create(Guid opportunityId, Guid? fromId, string? from, Guid toId, string to, decimal amount, DateTime atUtc, string by) => new()
    {
        OpportunityId = opportunityId,
        FromStageId = fromId,
        FromStage = from,
        ToStageId = toId,
        ToStage = to,
        Amount = amount,
        ChangedAtUtc = atUtc,
        ChangedBy = by,
    };
}

