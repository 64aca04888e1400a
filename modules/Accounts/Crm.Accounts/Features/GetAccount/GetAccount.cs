using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.GetAccount;

internal sealed record GetAccountQuery(Guid Id) : IRequest<AccountResponse>;

internal sealed class GetAccountHandler(AccountsDbContext db, IRecordVisibility visibility, CustomFieldValues customFields) : IRequestHandler<GetAccountQuery, AccountResponse>
{
    public async Task<AccountResponse> Handle(GetAccountQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().VisibleTo(scope).Include(a => a.Contacts).FirstOrDefaultAsync(a => a.Id == query.Id, cancellationToken)
                      ?? throw new NotFoundException($"Account {query.Id} does not exist.");
        return AccountResponse.From(account) with
        {
            CustomFields = await customFields.ReadAsync(db, AccountFields.CustomFieldEntity, account.Id, cancellationToken),
        };
    }
}

internal static class GetAccountEndpoint
{
    internal static RouteHandlerBuilder MapGetAccount(this IEndpointRouteBuilder app) =>
        app.MapGet("/{id:guid}", async Task<Ok<AccountResponse>> (Guid id, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
        {
            var account = await mediator.Send(new GetAccountQuery(id), cancellationToken);
            return Versioning.Ok(response, account);
        })
            .WithName("GetAccount")
            .WithSummary("One account with its contacts; the ETag header is the version to send back in If-Match")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
