using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;

namespace Crm.Funnel.Features.Shared;

/// <summary>
/// The margin of each line (net amount less the standard cost of its quantity) and of the document, in the document's
/// currency. Lines without a cost (free text, or priced before the catalogue) have no margin and are left out of the
/// totals, which <see cref="LinesWithoutCost"/> says, so a partial sum is never passed off as the whole (ADR 0112).
/// </summary>
internal sealed record MarginsResponse(string Currency, decimal Net, decimal Cost, decimal Margin, decimal? MarginPercent, int LinesWithoutCost, IReadOnlyList<LineMargin> Lines)
{
    public static MarginsResponse From(string currency, IEnumerable<PricedLine> lines)
    {
        var rows = lines.OrderBy(l => l.Position).Select(l => new LineMargin(
            l.Position, l.ProductCode, l.Description, l.Quantity, l.NetAmount, l.UnitCost,
            l.UnitCost is { } unit ? Money.Round(unit * l.Quantity) : null, l.Margin, Percent(l.Margin, l.NetAmount))).ToList();
        var costed = rows.Where(r => r.Cost is not null).ToList();
        var net = costed.Sum(r => r.NetAmount);
        var margin = costed.Sum(r => r.Margin!.Value);
        return new MarginsResponse(currency, net, costed.Sum(r => r.Cost!.Value), margin, Percent(margin, net), rows.Count - costed.Count, rows);
    }

    private static decimal? Percent(decimal? margin, decimal net) => margin is { } m && net != 0 ? decimal.Round(m * 100m / net, 2, MidpointRounding.AwayFromZero) : null;
}

internal sealed record LineMargin(int Position, string? ProductCode, string Description, decimal Quantity, decimal NetAmount, decimal? UnitCost, decimal? Cost, decimal? Margin, decimal? MarginPercent);
