using System.Globalization;
using Crm.Accounts.Features.ImportAccounts;
using Crm.Accounts.Features.ListAccounts;
using Crm.Accounts.Persistence;
using System.Runtime.CompilerServices;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.ExportAccounts;

internal sealed record ExportAccountsQuery(AccountFilter Filter) : IRequest<ExportedAccounts>
{
    public IReadOnlyList<KeyValuePair<string, string>> CustomFilters { get; init; } = [];
}

/// <summary>The header (built-in columns, then one <c>cf.key</c> column per active custom field) and the streamed rows.</summary>
internal sealed record ExportedAccounts(IReadOnlyList<string> Header, IAsyncEnumerable<IReadOnlyList<string?>> Rows);

internal sealed class ExportAccountsHandler(AccountsDbContext db, IRecordVisibility visibility, TimeProvider clock, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<ExportAccountsQuery, ExportedAccounts>
{
    private const int BatchSize = 1_000;

    public async Task<ExportedAccounts> Handle(ExportAccountsQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var fields = await CustomFieldValues.DefinitionsAsync(db, AccountFields.CustomFieldEntity, includeRetired: false, cancellationToken);
        var filter = await query.Filter.WithDictionaryCodesAsync(dictionaries, cancellationToken);
        var filtered = await filter.Apply(db, clock.GetUtcNow().UtcDateTime, scope)
            .FilterAsync(db, AccountFields.CustomFieldEntity, query.CustomFilters, cancellationToken);
        string[] header = [.. AccountCsv.ExportColumns, .. fields.Select(f => CustomFieldValues.Prefix + f.Key)];
        return new ExportedAccounts(header, Rows(filtered, fields, cancellationToken));
    }

    /// <summary>
    /// Streamed in batches of <see cref="BatchSize"/> seeking on (name, id), each batch with its custom values in one
    /// query: a million accounts never sit in memory, and no reader stays open while the values are read.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<string?>> Rows(
        IQueryable<Account> filtered, IReadOnlyList<CustomFieldDefinition> fields, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastName = null;
        var lastId = Guid.Empty;
        while (true)
        {
            var page = lastName is null ? filtered : filtered.Where(a => a.Name.CompareTo(lastName) > 0 || (a.Name == lastName && a.Id.CompareTo(lastId) > 0));
            var batch = await page.OrderBy(a => a.Name).ThenBy(a => a.Id).Take(BatchSize).AsNoTracking().ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            var values = fields.Count == 0
                ? new Dictionary<Guid, IReadOnlyDictionary<string, object?>>()
                : await customFields.ReadManyAsync(db, AccountFields.CustomFieldEntity, batch.Select(a => a.Id).ToList(), cancellationToken);
            foreach (var a in batch)
            {
                var own = values.GetValueOrDefault(a.Id);
                yield return [.. Row(a), .. fields.Select(f => CustomFieldValues.ToCell(own?.GetValueOrDefault(f.Key)))];
            }

            lastName = batch[^1].Name;
            lastId = batch[^1].Id;
            if (batch.Count < BatchSize)
            {
                yield break;
            }
        }
    }

    private static IReadOnlyList<string?> Row(Account a) =>
            [
                a.Id.ToString(), a.Name, a.Kind.ToString(), a.Type.ToString(), a.PartnerType?.ToString(), a.Stage.ToString(),
                a.Source, a.Industry, a.CustomerLevel, a.TaxId, a.Email, a.Phone, a.Website, a.City, a.Address, a.Notes,
                a.OwnerId?.ToString(), a.BranchId?.ToString(), a.CreditLimit.ToString(CultureInfo.InvariantCulture), a.Currency,
                a.CreditStatus.ToString(), string.Join(AccountCsv.TagSeparator, a.Tags),
                a.LastContactAtUtc?.ToString("O", CultureInfo.InvariantCulture), a.CreatedAtUtc.ToString("O", CultureInfo.InvariantCulture),
                a.IsArchived ? "true" : "false",
            ];
}

internal static class ExportAccountsEndpoint
{
    internal static RouteHandlerBuilder MapExportAccounts(this IEndpointRouteBuilder app) =>
        app.MapGet("/export", async Task (HttpContext context, HttpRequest request, IMediator mediator, string? stage, Guid? ownerId, Guid? branchId, string? source, string? industry, string? tag, int? notContactedForDays, string? search, bool? includeArchived, string? customerLevel, string? format) =>
        {
            var cancellationToken = context.RequestAborted;
            var fileFormat = TableDownload.ParseFormat(format);
            var filter = new AccountFilter(stage, ownerId, branchId, source, industry, tag, notContactedForDays, search, includeArchived ?? false, customerLevel);
            // Validates the filter through the list query's rules before the response starts.
            await mediator.Send(new ListAccountsQuery(filter, null, false, 1, 1, null, false), cancellationToken);
            var custom = CustomFieldQueries.FiltersOf(request.Query);
            var export = await mediator.Send(new ExportAccountsQuery(filter) { CustomFilters = custom }, cancellationToken);
            await TableDownload.WriteAsync(context, fileFormat, "accounts", export.Header, export.Rows);
        })
            .WithName("ExportAccounts")
            .WithSummary("CSV (or .xlsx with format=xlsx) of the accounts you may see matching the same filters as the list, custom fields as cf.<key> columns (UTF-8 with BOM, re-importable)")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            // A typed body (text), so a generated client returns the CSV instead of nothing (issue 12.26).
            .Produces<string>(StatusCodes.Status200OK, "text/csv", Workbook.ContentType)
            .ProducesValidationProblem();
}
