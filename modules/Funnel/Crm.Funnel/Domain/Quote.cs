using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.PublicApi.IntegrationEvents;

namespace Crm.Funnel.Domain;

/// <summary>
/// A priced offer for an opportunity. Quotes are versioned: a revision copies the previous one under the same number,
/// and the older revision is superseded. A discount above the approval threshold sends the quote through the
/// discount-approval workflow before it may be sent.
/// </summary>
internal sealed class Quote : AuditedRecord, IRaisesIntegrationEvents, IAuditable
{
    public const int MaxLines = 200;

    private readonly List<QuoteLine> _lines = [];
    private readonly List<IIntegrationEvent> _events = [];

    private Quote()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Shared by all revisions, e.g. Q-2026-000042.</summary>
    public string Number { get; private set; } = "";

    public int Revision { get; private set; }

    public Guid OpportunityId { get; private set; }

    public Guid AccountId { get; private set; }

    public QuoteStatus Status { get; private set; }

    public DateOnly ValidUntil { get; private set; }

    /// <summary>A discount on the whole quote, in percent, after the line discounts.</summary>
    public decimal HeaderDiscountPercent { get; private set; }

    public decimal ListTotal { get; private set; }

    /// <summary>Without tax: the sum of the lines' net amounts after every discount.</summary>
    public decimal Total { get; private set; }

    /// <summary>The VAT of the quote: the sum of the lines' tax, each rounded on its line.</summary>
    public decimal TaxTotal { get; private set; }

    /// <summary>With tax: <see cref="Total"/> + <see cref="TaxTotal"/>.</summary>
    public decimal GrossTotal { get; private set; }

    /// <summary>(List total − total) ÷ list total, in percent: what the approval threshold is compared with.</summary>
    public decimal DiscountPercent { get; private set; }

    /// <summary>ISO 4217 code of every amount of the quote.</summary>
    public string Currency { get; private set; } = Currencies.DefaultCompanyCurrency;

    /// <summary>Company-currency units per unit of <see cref="Currency"/>, kept from when the currency was chosen.</summary>
    public decimal ExchangeRate { get; private set; } = 1m;

    public string? Terms { get; private set; }

    public string? Notes { get; private set; }

    public Guid? OwnerId { get; private set; }

    public DateTime? SubmittedAtUtc { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? DecisionComment { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    public DateTime? AcceptedAtUtc { get; private set; }

    public IReadOnlyList<QuoteLine> Lines => _lines;

    Guid IAuditable.AuditSubjectId => Id;

    public bool IsEditable => Status is QuoteStatus.Draft or QuoteStatus.Rejected;

    public static Quote Create(string number, Opportunity opportunity, QuoteDetails details, IReadOnlyList<PricedLineDetails> lines, DocumentCurrency currency, string by, DateTime nowUtc)
    {
        opportunity.EnsureOpen();
        var quote = new Quote
        {
            Id = Guid.NewGuid(),
            Number = number,
            Revision = 1,
            OpportunityId = opportunity.Id,
            AccountId = opportunity.AccountId,
            OwnerId = opportunity.OwnerId,
            Status = QuoteStatus.Draft,
            Currency = currency.Code,
            ExchangeRate = currency.Rate,
        };
        quote.StampCreated(by, nowUtc);
        quote.Apply(details, lines);
        return quote;
    }

    /// <summary>A new revision with this quote's content; this one becomes Superseded.</summary>
    public Quote Revise(string by, DateTime nowUtc)
    {
        if (Status is QuoteStatus.Accepted or QuoteStatus.Superseded)
        {
            throw new BusinessRuleException($"A {Status} quote cannot be revised; revise the latest revision.");
        }

        var next = new Quote
        {
            Id = Guid.NewGuid(),
            Number = Number,
            Revision = Revision + 1,
            OpportunityId = OpportunityId,
            AccountId = AccountId,
            OwnerId = OwnerId,
            Status = QuoteStatus.Draft,
            Currency = Currency,
            ExchangeRate = ExchangeRate,
        };
        next.StampCreated(by, nowUtc);
        next.Apply(
            new QuoteDetails(ValidUntil, HeaderDiscountPercent, Terms, Notes),
            _lines.Select(l => l.Details()).ToList());
        Status = QuoteStatus.Superseded;
        Touch(by, nowUtc);
        return next;
    }

    public void Update(QuoteDetails details, IReadOnlyList<PricedLineDetails> lines, DocumentCurrency? currency, string by, DateTime nowUtc)
    {
        if (!IsEditable)
        {
            throw new BusinessRuleException($"A {Status} quote cannot be edited; create a new revision.");
        }

        if (currency is not null && currency.Code != Currency)
        {
            Currency = currency.Code;
            ExchangeRate = currency.Rate;
        }

        Apply(details, lines);
        // An edited rejected quote is a new proposal: it goes back to Draft and is submitted again.
        Status = QuoteStatus.Draft;
        DecidedAtUtc = null;
        DecidedBy = null;
        DecisionComment = null;
        Touch(by, nowUtc);
    }

    /// <summary>
    /// Submits the quote: above <paramref name="thresholdPercent"/> it waits for approval (and raises the approval
    /// request), otherwise it is approved at once. Returns true when approval is needed.
    /// </summary>
    public bool Submit(decimal thresholdPercent, DateOnly today, string by, DateTime nowUtc)
    {
        if (Status != QuoteStatus.Draft)
        {
            throw new BusinessRuleException($"Only a draft quote can be submitted; this one is {Status}.");
        }

        if (_lines.Count == 0)
        {
            throw new BusinessRuleException("A quote needs at least one line.", "lines");
        }

        EnsureValid(today);
        SubmittedAtUtc = nowUtc;
        Touch(by, nowUtc);
        if (DiscountPercent > thresholdPercent)
        {
            Status = QuoteStatus.PendingApproval;
            _events.Add(new QuoteDiscountApprovalRequestedIntegrationEvent(
                Guid.NewGuid(), nowUtc, Id, Number, Revision, OpportunityId, AccountId, ListTotal, Total, DiscountPercent, thresholdPercent, OwnerId, by));
            return true;
        }

        Status = QuoteStatus.Approved;
        DecidedAtUtc = nowUtc;
        DecidedBy = by;
        DecisionComment = $"Discount {DiscountPercent:0.##}% within the {thresholdPercent:0.##}% threshold.";
        return false;
    }

    /// <summary>
    /// The approver's decision (a workflow activity or a manager through the API). Returns false when the quote already
    /// has exactly this decision (a workflow step that runs again after a crash changes nothing).
    /// </summary>
    public bool Decide(bool approved, string? comment, string by, DateTime nowUtc)
    {
        var decided = approved ? QuoteStatus.Approved : QuoteStatus.Rejected;
        if (Status == decided && DecidedAtUtc is not null)
        {
            return false;
        }

        if (Status != QuoteStatus.PendingApproval)
        {
            throw new BusinessRuleException($"The quote is {Status}; only a quote pending approval can be approved or rejected.");
        }

        Status = decided;
        DecidedAtUtc = nowUtc;
        DecidedBy = by;
        DecisionComment = Normalize.Text(comment);
        Touch(by, nowUtc);
        return true;
    }

    public void MarkSent(DateOnly today, string by, DateTime nowUtc)
    {
        if (Status != QuoteStatus.Approved)
        {
            throw new BusinessRuleException(Status == QuoteStatus.PendingApproval
                ? "The discount still waits for approval; the quote cannot be sent yet."
                : $"Only an approved quote can be sent; this one is {Status}.");
        }

        EnsureValid(today);
        Status = QuoteStatus.Sent;
        SentAtUtc = nowUtc;
        Touch(by, nowUtc);
    }

    public void Accept(Opportunity opportunity, DateOnly today, string by, DateTime nowUtc)
    {
        if (Status is not (QuoteStatus.Approved or QuoteStatus.Sent))
        {
            throw new BusinessRuleException($"Only an approved or sent quote can be accepted; this one is {Status}.");
        }

        EnsureValid(today);
        Status = QuoteStatus.Accepted;
        AcceptedAtUtc = nowUtc;
        Touch(by, nowUtc);
        opportunity.AcceptQuote(Id, Total, new DocumentCurrency(Currency, ExchangeRate), by, nowUtc);
        _events.Add(new QuoteAcceptedIntegrationEvent(Guid.NewGuid(), nowUtc, Id, Number, Revision, OpportunityId, AccountId, Total, DiscountPercent, OwnerId, by));
    }

    public void Decline(string? comment, string by, DateTime nowUtc)
    {
        if (Status is not (QuoteStatus.Approved or QuoteStatus.Sent))
        {
            throw new BusinessRuleException($"Only an approved or sent quote can be declined; this one is {Status}.");
        }

        Status = QuoteStatus.Declined;
        DecisionComment = Normalize.Text(comment) ?? DecisionComment;
        Touch(by, nowUtc);
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }

    private void EnsureValid(DateOnly today)
    {
        if (ValidUntil < today)
        {
            throw new BusinessRuleException($"The quote expired on {ValidUntil:yyyy-MM-dd}; create a new revision with a new validity.", "validUntil");
        }
    }

    private void Apply(QuoteDetails details, IReadOnlyList<PricedLineDetails> lines)
    {
        if (lines.Count > MaxLines)
        {
            throw new BusinessRuleException($"At most {MaxLines} lines.", "lines");
        }

        ValidUntil = details.ValidUntil;
        HeaderDiscountPercent = details.HeaderDiscountPercent;
        Terms = Normalize.Text(details.Terms);
        Notes = Normalize.Text(details.Notes);
        _lines.Clear();
        var position = 1;
        foreach (var line in lines)
        {
            _lines.Add(QuoteLine.Create(Id, position++, line, HeaderDiscountPercent));
        }

        // Totals are sums of the lines, each taxed and rounded on its own line, so net + tax = gross to the fen and the
        // printed lines add up to the printed totals (docs/adr/0093).
        ListTotal = _lines.Sum(l => PricedLine.ListTotal(l.Quantity, l.UnitPrice));
        Total = _lines.Sum(l => l.NetAmount);
        TaxTotal = _lines.Sum(l => l.TaxAmount);
        GrossTotal = _lines.Sum(l => l.GrossAmount);
        // The discount compares like with like: list prices as entered against the total as entered (with tax when the
        // prices include it).
        var entered = _lines.Sum(l => l.PriceIncludesTax ? l.GrossAmount : l.NetAmount);
        DiscountPercent = ListTotal == 0 ? 0 : decimal.Round((ListTotal - entered) * 100m / ListTotal, 2, MidpointRounding.AwayFromZero);
    }
}

internal sealed record QuoteDetails(DateOnly ValidUntil, decimal HeaderDiscountPercent, string? Terms, string? Notes);

internal sealed class QuoteLine : PricedLine
{
    private QuoteLine()
    {
    }

    public Guid QuoteId { get; private set; }

    public static QuoteLine Create(Guid quoteId, int position, PricedLineDetails line, decimal headerDiscountPercent)
    {
        var created = new QuoteLine { QuoteId = quoteId };
        created.Price(position, line, headerDiscountPercent);
        return created;
    }
}
