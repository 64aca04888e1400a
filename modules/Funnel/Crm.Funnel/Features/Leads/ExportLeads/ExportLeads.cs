using System.Runtime.CompilerServices;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads.ExportLeads;

/// <summary>
/// The leads the list shows for the same filters, in the columns of the lead import, so the file is also an import
/// template and imports back. The list query pages through them (its filters and visibility are the only ones), and each
/// page's leads are read whole.
/// </summary>
internal sealed record ExportLeadsQuery(ListLeadsQuery List) : IRequest<IAsyncEnumerable<IReadOnlyList<string?>>>;

internal sealed class ExportLeadsHandler(FunnelDbContext db, IMediator mediator) : IRequestHandler<ExportLeadsQuery, IAsyncEnumerable<IReadOnlyList<string?>>>
{
    public Task<IAsyncEnumerable<IReadOnlyList<string?>>> Handle(ExportLeadsQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(Rows(query.List, cancellationToken));

    private async IAsyncEnumerable<IReadOnlyList<string?>> Rows(ListLeadsQuery list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await mediator.Send(list with { PageSize = 200, Cursor = cursor }, cancellationToken);
            var ids = page.Items.Select(i => i.Id).ToList();
            var leads = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
            foreach (var id in ids)
            {
                var l = leads[id];
                yield return
                [
                    l.Name, l.Company, l.JobTitle, l.Email, l.Phone, l.Industry, l.Territory, l.City, l.Notes,
                    l.BranchId?.ToString(), l.Source, l.OwnerId?.ToString(),
                ];
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }
}

internal static class ExportLeadsEndpoint
{
    internal static void MapExportLeads(this IEndpointRouteBuilder app) =>
        app.MapGet("/leads/export", async Task (
                HttpContext context, IMediator mediator, string? status, bool? open, Guid? ownerId, bool? mine, bool? unassigned, string? queue, string? source,
                Guid? campaignId, string? search, string? format) =>
            {
                var cancellationToken = context.RequestAborted;
                var fileFormat = TableDownload.ParseFormat(format);
                var list = new ListLeadsQuery(status, open ?? false, ownerId, mine ?? false, unassigned ?? false, queue, source, campaignId, search, 1, null);
                // Validates the filters through the list's rules before the response starts.
                await mediator.Send(list, cancellationToken);
                var rows = await mediator.Send(new ExportLeadsQuery(list), cancellationToken);
                await TableDownload.WriteAsync(context, fileFormat, "leads", ImportLeadsHandler.Columns, rows);
            })
            .WithName("ExportLeads")
            .WithSummary("CSV (or .xlsx with format=xlsx) of the leads you may see for the list's filters, in the import's columns (re-importable)")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .Produces<string>(StatusCodes.Status200OK, "text/csv", Workbook.ContentType)
            .ProducesValidationProblem();
}
