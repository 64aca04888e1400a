using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.ImportAccounts;

internal static class ImportAccountsEndpoint
{
    private const long MaxFileBytes = 64 * 1024 * 1024;

    internal static RouteHandlerBuilder MapImportAccounts(this IEndpointRouteBuilder app) =>
        app.MapPost("/import", (HttpRequest request, bool? skipInvalid, bool? dryRun, IMediator mediator, CancellationToken cancellationToken) =>
                CsvUpload.ImportAsync(request, MaxFileBytes, text => mediator.Send(new ImportAccountsCommand(new StringReader(text), skipInvalid ?? false, dryRun ?? false), cancellationToken), cancellationToken))
            .WithName("ImportAccounts")
            .WithSummary("Import accounts from CSV (multipart field 'file', or a text/csv body). A file with bad rows imports nothing unless skipInvalid=true; dryRun=true only validates")
            .RequireAuthorization(CrmPolicies.AccountsImport)
            .AcceptsImportFile()
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes));
}
