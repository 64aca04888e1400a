using System.Globalization;
using System.Net;
using System.Resources;
using System.Text;
using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using Crm.Web.Formatting;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Quotes;

/// <summary>The quote as a self-contained HTML page to print or save as PDF from the browser (no external assets).</summary>
internal sealed record PrintQuoteQuery(Guid Id, CultureInfo Culture) : IRequest<string>;

internal sealed class PrintQuoteHandler(FunnelDbContext db, IAccountsApi accounts, IRecordVisibility visibility, IOptions<MoneyOptions> money)
    : IRequestHandler<PrintQuoteQuery, string>
{
    private static readonly ResourceManager Text = new("Crm.Funnel.Resources.QuotePrint", typeof(PrintQuoteHandler).Assembly);

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#222} h1{margin:0 0 1rem} table{border-collapse:collapse;width:100%}" +
        " th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd;text-align:left} td.n,th.n{text-align:right} .totals td{border:none}" +
        " .meta td{border:none;padding:.1rem .5rem .1rem 0} .warn{color:#a00;font-weight:bold} @media print{.noprint{display:none}}";

    public async Task<string> Handle(PrintQuoteQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var quote = await db.Quotes.AsNoTracking().Include(q => q.Lines)
                        .Where(q => db.Opportunities.VisibleTo(scope).Any(o => o.Id == q.OpportunityId))
                        .FirstOrDefaultAsync(q => q.Id == query.Id, cancellationToken)
                    ?? throw new NotFoundException($"Quote {query.Id} does not exist.");
        var opportunity = await db.Opportunities.AsNoTracking().Where(o => o.Id == quote.OpportunityId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
        var account = await accounts.GetSummaryAsync(quote.AccountId, cancellationToken);
        var c = query.Culture;
        string T(string key) => WebUtility.HtmlEncode(Text.GetString(key, c) ?? key);
        string H(string? value) => WebUtility.HtmlEncode(value ?? "");
        string M(decimal value) => H(Display.Money(value, quote.Currency, money.Value.CompanyCurrency, c));
        string Rate(string? rate) => rate is null ? "" : rate == Vat.Exempt ? T("TaxExempt") : H(rate) + " %";

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{H(c.Name.Length == 0 ? "en" : c.Name)}"><head><meta charset="utf-8"><title>{T("Title")} {H(quote.Number)}</title>
            <style>{Style}</style></head><body>
            <button class="noprint" onclick="window.print()">{T("Print")}</button>
            <h1>{T("Title")}</h1>
            <table class="meta">
            <tr><td>{T("Number")}</td><td>{H(quote.Number)}</td><td>{T("Revision")}</td><td>{quote.Revision}</td></tr>
            <tr><td>{T("Date")}</td><td>{quote.CreatedAtUtc.ToString("d", c)}</td><td>{T("ValidUntil")}</td><td>{quote.ValidUntil.ToString("d", c)}</td></tr>
            <tr><td>{T("Customer")}</td><td>{H(account?.Name)}</td><td>{T("Opportunity")}</td><td>{H(opportunity)}</td></tr>
            <tr><td>{T("Status")}</td><td colspan="3">{H(quote.Status.ToString())}</td></tr>
            </table>
            """);
        if (quote.Status is QuoteStatus.Draft or QuoteStatus.PendingApproval or QuoteStatus.Rejected)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{T("NotValidNotice")}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <table><thead><tr><th>{T("Position")}</th><th>{T("ProductCode")}</th><th>{T("Description")}</th><th class="n">{T("Quantity")}</th>
            <th class="n">{T("UnitPrice")}</th><th class="n">{T("LineDiscount")}</th><th class="n">{T("TaxRate")}</th><th class="n">{T("LineTotal")}</th></tr></thead><tbody>
            """);
        foreach (var line in quote.Lines.OrderBy(l => l.Position))
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{line.Position}</td><td>{H(line.ProductCode)}</td><td>{H(line.Description)}</td><td class="n">{line.Quantity.ToString("0.####", c)}</td>
                <td class="n">{M(line.UnitPrice)}</td><td class="n">{line.DiscountPercent.ToString("0.##", c)}</td><td class="n">{Rate(line.TaxRate)}</td><td class="n">{M(line.Total)}</td></tr>
                """);
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </tbody></table>
            <table class="totals"><tr><td class="n">{T("ListTotal")}</td><td class="n">{M(quote.ListTotal)}</td></tr>
            <tr><td class="n">{T("HeaderDiscount")}</td><td class="n">{quote.HeaderDiscountPercent.ToString("0.##", c)} %</td></tr>
            <tr><td class="n">{T("NetTotal")}</td><td class="n">{M(quote.Total)}</td></tr>
            <tr><td class="n">{T("TaxTotal")}</td><td class="n">{M(quote.TaxTotal)}</td></tr>
            <tr><td class="n"><strong>{T("GrossTotal")}</strong></td><td class="n"><strong>{M(quote.GrossTotal)}</strong></td></tr>
            <tr><td class="n">{T("AmountInWords")}</td><td class="n">{H(QuoteWords.InWords(quote.GrossTotal, quote.Currency))}</td></tr></table>
            """);
        if (quote.Terms is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{T("Terms")}</h3><p>{H(quote.Terms).Replace("\n", "<br>", StringComparison.Ordinal)}</p>");
        }

        if (quote.Notes is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{T("Notes")}</h3><p>{H(quote.Notes).Replace("\n", "<br>", StringComparison.Ordinal)}</p>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }
}

/// <summary>The capitals of the total; 人民币 names yuan, any other currency is named by its code (docs/adr/0092).</summary>
internal static class QuoteWords
{
    public static string InWords(decimal total, string currency) =>
        (currency == "CNY" ? "人民币" : currency + " ") + ChineseCapitals.Of(total);
}

internal static class PrintQuoteEndpoint
{
    internal static RouteHandlerBuilder MapPrintQuote(this IEndpointRouteBuilder app) =>
        app.MapGet("/quotes/{id:guid}/print", async (Guid id, string? culture, IMediator mediator, CancellationToken ct) =>
            {
                var info = CultureInfo.InvariantCulture;
                if (!string.IsNullOrWhiteSpace(culture))
                {
                    try
                    {
                        info = CultureInfo.GetCultureInfo(culture);
                    }
                    catch (CultureNotFoundException)
                    {
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["culture"] = [$"'{culture}' is not a known culture, e.g. en-GB or zh-CN."] });
                    }
                }

                return Results.Content(await mediator.Send(new PrintQuoteQuery(id, info), ct), "text/html; charset=utf-8");
            })
            .WithName("PrintQuote")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The quote as a printable HTML page (?culture=zh-CN for dates and numbers in that culture)")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
