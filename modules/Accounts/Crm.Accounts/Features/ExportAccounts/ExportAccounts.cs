using System.Globalization;
using Crm.Accounts.Features.ImportAccounts;
using Crm.Accounts.Features.ListAccounts;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.ExportAccounts;

internal sealed record ExportAccountsQuery(AccountFilter Filter) : IRequest<IAsyncEnumerable<IReadOnlyList<string?>>>;

internal sealed class ExportAccountsHandler(AccountsDbContext db, IRecordVisibility visibility, TimeProvider clock, IDictionaries dictionaries)
    : IRequestHandler<ExportAccountsQuery, IAsyncEnumerable<IReadOnlyList<string?>>>
{
    public async Task<IAsyncEnumerable<IReadOnlyList<string?>>> Handle(ExportAccountsQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);

        // Streamed row by row: exporting a million accounts must not hold them all in memory.
        var filter = await query.Filter.WithDictionaryCodesAsync(dictionaries, cancellationToken);
        var rows = filter.Apply(db, clock.GetUtcNow().UtcDateTime, scope)
            .OrderBy(a => a.Name).ThenBy(a => a.Id)
            .AsAsyncEnumerable()
            .Select(a => (IReadOnlyList<string?>)
            [
                a.Id.ToString(), a.Name, a.Kind.ToString(), a.Type.ToString(), a.PartnerType?.ToString(), a.Stage.ToString(),
                a.Source, a.Industry, a.CustomerLevel, a.TaxId, a.Email, a.Phone, a.Website, a.City, a.Address, a.Notes,
                a.OwnerId?.ToString(), a.BranchId?.ToString(), a.CreditLimit.ToString(CultureInfo.InvariantCulture), a.Currency,
                a.CreditStatus.ToString(), string.Join(AccountCsv.TagSeparator, a.Tags),
                a.LastContactAtUtc?.ToString("O", CultureInfo.InvariantCulture), a.CreatedAtUtc.ToString("O", CultureInfo.InvariantCulture),
                a.IsArchived ? "true" : "false",
            ]);
        return rows;
    }
}

internal static class ExportAccountsEndpoint
{
    internal static RouteHandlerBuilder MapExportAccounts(this IEndpointRouteBuilder app) =>
        app.MapGet("/export", async Task (HttpContext context, IMediator mediator, string? stage, Guid? ownerId, Guid? branchId, string? source, string? industry, string? tag, int? notContactedForDays, string? search, bool? includeArchived, string? customerLevel, string? format) =>
        {
            var cancellationToken = context.RequestAborted;
            var fileFormat = TableDownload.ParseFormat(format);
            var filter = new AccountFilter(stage, ownerId, branchId, source, industry, tag, notContactedForDays, search, includeArchived ?? false, customerLevel);
            // Validates the filter through the list query's rules before the response starts.
            await mediator.Send(new ListAccountsQuery(filter, null, false, 1, 1, null, false), cancellationToken);
            var rows = await mediator.Send(new ExportAccountsQuery(filter), cancellationToken);
            await TableDownload.WriteAsync(context, fileFormat, "accounts", AccountCsv.ExportColumns, rows);
        })
            .WithName("ExportAccounts")
            .WithSummary("CSV (or .xlsx with format=xlsx) of the accounts you may see matching the same filters as the list (UTF-8 with BOM, re-importable)")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            // A typed body (text), so a generated client returns the CSV instead of nothing (issue 12.26).
            .Produces<string>(StatusCodes.Status200OK, "text/csv", Workbook.ContentType)
            .ProducesValidationProblem();
}
