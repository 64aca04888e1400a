using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Opportunities;
using Crm.Products.PublicApi;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Shared;

/// <summary>
/// Turns the lines a client sends into priced lines. A line naming a product code takes from the catalogue what it
/// leaves out: the name as description, the list price in the document's currency, the unit and the tax rate; and it
/// keeps the product's standard cost in the document's currency for the margin. With the Products module off, or a
/// code the catalogue does not know, the line stays free text as before: it must then bring its own description
/// (ADR 0112).
/// </summary>
internal sealed class LinePricer(IOptionalModule<IProductCatalog> catalogue, IOptions<MoneyOptions> money)
{
    public async Task<List<PricedLineDetails>> PriceAsync(IReadOnlyList<LineInput> lines, DocumentCurrency currency, CancellationToken cancellationToken)
    {
        var options = money.Value;
        var priced = new List<PricedLineDetails>(lines.Count);
        foreach (var (index, line) in lines.Index())
        {
            // Through the optional handle on every call: an API kept in a local would live on in the async state machine.
            var product = catalogue.IsEnabled && Normalize.Text(line.ProductCode) is { } code
                ? await catalogue.Api!.FindByCodeAsync(code, cancellationToken)
                : null;
            if (product is null)
            {
                if (string.IsNullOrWhiteSpace(line.Description) && catalogue.IsEnabled)
                {
                    throw new BusinessRuleException($"No catalogue product has the code '{line.ProductCode}'; pick one or describe the line.", $"lines[{index}].productCode");
                }

                if (string.IsNullOrWhiteSpace(line.Description))
                {
                    throw new BusinessRuleException("Describe the product or service.", $"lines[{index}].description");
                }

                priced.Add(line.ToDetails(options));
                continue;
            }

            var takesDefaults = string.IsNullOrWhiteSpace(line.Description) || line.UnitPrice is null;
            if (takesDefaults && !product.IsActive)
            {
                throw new BusinessRuleException($"Product '{product.Code}' is no longer sold; pick another or describe the line.", $"lines[{index}].productCode");
            }

            var unitPrice = line.UnitPrice
                            ?? (product.ListPrices.TryGetValue(currency.Code, out var listPrice)
                                ? listPrice
                                : throw new BusinessRuleException($"Product '{product.Code}' has no list price in {currency.Code}; enter the unit price.", $"lines[{index}].unitPrice"));
            priced.Add(new PricedLineDetails(
                product.Code,
                string.IsNullOrWhiteSpace(line.Description) ? product.Name : line.Description,
                line.Quantity ?? 1m,
                unitPrice,
                line.DiscountPercent ?? 0m,
                line.TaxRate ?? (product.TaxRate is { } rate && options.AllowedVatRates.Contains(rate) ? rate : options.DefaultVatRate),
                options.PricesIncludeTax,
                Normalize.Text(line.Unit) ?? product.Unit,
                CostIn(product, currency, options.CompanyCurrency)));
        }

        return priced;
    }

    /// <summary>
    /// The standard cost of one unit in the document's currency: as it is when the currencies agree, through the
    /// document's own rate when the cost is kept in the company currency, and unknown (no margin) otherwise.
    /// </summary>
    private static decimal? CostIn(CatalogProduct product, DocumentCurrency currency, string companyCurrency) =>
        product.StandardCost is not { } cost ? null
        : product.CostCurrency == currency.Code ? cost
        : product.CostCurrency == companyCurrency && currency.Rate > 0 ? decimal.Round(cost / currency.Rate, 4, MidpointRounding.AwayFromZero)
        : null;
}
