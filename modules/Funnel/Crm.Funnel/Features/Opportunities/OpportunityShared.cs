using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Opportunities;

internal sealed record OpportunityResponse(
    Guid Id,
    string Name,
    Guid AccountId,
    Guid? ContactId,
    Guid PipelineId,
    Guid StageId,
    string Stage,
    int Probability,
    OpportunityStatus Status,
    decimal Amount,
    string Currency,
    decimal ExchangeRate,
    decimal CompanyAmount,
    decimal WeightedAmount,
    DateOnly ExpectedCloseDate,
    Guid? OwnerId,
    Guid? BranchId,
    Guid? CampaignId,
    Guid? LeadId,
    string? Description,
    string? NextStep,
    DateTime? NextStepDueAt,
    DateTime? ClosedAt,
    string? LostReasonCategory,
    string? LostReason,
    string? Competitor,
    Guid? AcceptedQuoteId,
    DateTime StageChangedAt,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    long Version,
    IReadOnlyList<LineResponse> Lines) : IVersioned
{
    /// <summary>The opportunity's custom-field values by key (ADR 0121).</summary>
    public IReadOnlyDictionary<string, object?> CustomFields { get; init; } = new Dictionary<string, object?>();

    public static OpportunityResponse From(Opportunity o, Pipeline pipeline)
    {
        var stage = pipeline.Stage(o.StageId);
        return new OpportunityResponse(
            o.Id, o.Name, o.AccountId, o.ContactId, o.PipelineId, o.StageId, stage.Name, stage.Probability, o.Status, o.Amount, o.Currency, o.ExchangeRate, o.CompanyAmount,
            Money.Round(o.Amount * stage.Probability / 100m), o.ExpectedCloseDate, o.OwnerId, o.BranchId, o.CampaignId, o.LeadId, o.Description,
            o.NextStep, o.NextStepDueAtUtc, o.ClosedAtUtc, o.LostReasonCategory, o.LostReason, o.Competitor, o.AcceptedQuoteId, o.StageChangedAtUtc,
            o.CreatedAtUtc, o.CreatedBy, o.UpdatedAtUtc, o.UpdatedBy, o.Version,
            o.Lines.OrderBy(l => l.Position).Select(LineResponse.From).ToList());
    }
}

/// <summary>A line's amounts are in the currency of its opportunity or quote.</summary>
/// <remarks>Never the cost: margins are their own answer, for those who may see them (<c>/margins</c>, ADR 0112).</remarks>
internal sealed record LineResponse(
    int Position, string? ProductCode, string Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, decimal Total,
    string? TaxRate, bool PriceIncludesTax, decimal NetAmount, decimal TaxAmount, decimal GrossAmount, string? Unit)
{
    public static LineResponse From(PricedLine l) => new(
        l.Position, l.ProductCode, l.Description, l.Quantity, l.UnitPrice, l.DiscountPercent, l.Total, l.TaxRate, l.PriceIncludesTax, l.NetAmount, l.TaxAmount, l.GrossAmount,
        l.Unit);
}

/// <summary>
/// A product line as clients send it (opportunities and quotes). Without a tax rate the installation's default rate
/// applies; whether the unit price includes tax is the installation's setting, not the client's (docs/adr/0093). A
/// line naming a catalogue product's code takes what it leaves out (description, unit price, unit, tax rate) from the
/// catalogue while Products is on (<see cref="LinePricer"/>, ADR 0112).
/// </summary>
internal sealed record LineInput(string? ProductCode, string? Description, decimal? Quantity, decimal? UnitPrice, decimal? DiscountPercent)
{
    /// <summary>VAT rate code: "13", "9", "6", "5", "3", "1", "0" or "exempt" (the installation's list).</summary>
    public string? TaxRate { get; init; }

    /// <summary>Unit of measure (台, 套, 小时).</summary>
    public string? Unit { get; init; }

    /// <summary>The line as typed, without a catalogue: what is missing gets the installation's defaults.</summary>
    public PricedLineDetails ToDetails(MoneyOptions money) =>
        new(ProductCode, Description!, Quantity ?? 1m, UnitPrice ?? 0m, DiscountPercent ?? 0m, TaxRate ?? money.DefaultVatRate, money.PricesIncludeTax, Unit);
}

internal sealed class LineInputValidator : AbstractValidator<LineInput>
{
    // Takes the options (not their value) so the container, which registers every validator it finds, can build it too.
    public LineInputValidator(IOptions<MoneyOptions> money)
    {
        RuleFor(l => l.TaxRate).VatRate(money.Value.AllowedVatRates);
        // A line naming a product code may leave the description to the catalogue; LinePricer refuses it if none is found.
        RuleFor(l => l.Description).NotEmpty().When(l => string.IsNullOrWhiteSpace(l.ProductCode)).WithMessage("Describe the product or service.").MaximumLength(300);
        RuleFor(l => l.Unit).SingleLine().MaximumLength(20);
        RuleFor(l => l.ProductCode).MaximumLength(50);
        RuleFor(l => l.Quantity).GreaterThan(0).WithMessage("Quantity must be positive.").LessThan(1_000_000_000m)
            .Must(q => q is null || decimal.Round(q.Value, 4) == q.Value).WithMessage("Quantity has at most 4 decimals.");
        RuleFor(l => l.UnitPrice).Money("Unit price");
        RuleFor(l => l.DiscountPercent).Percent("Discount");
    }
}

/// <summary>Changes of an opportunity always go with their statistics delta (one transaction).</summary>
internal static class OpportunityWriter
{
    public static async Task<(Opportunity Opportunity, Pipeline Pipeline)> ChangeAsync(
        FunnelDbContext db, Guid id, RecordScope scope, long? expectedVersion, Action<Opportunity, Pipeline> change, CancellationToken cancellationToken)
    {
        var opportunity = await db.LoadOpportunityAsync(id, scope, cancellationToken);
        Versioning.EnsureCurrent("opportunity", opportunity.Version, expectedVersion);
        var pipeline = await db.LoadPipelineAsync(opportunity.PipelineId, cancellationToken);
        var before = Contribution.Of(opportunity, pipeline);
        change(opportunity, pipeline);
        await StatisticsStore.SaveAsync(db, Contribution.Diff(before, Contribution.Of(opportunity, pipeline)), cancellationToken);
        return (opportunity, pipeline);
    }
}
