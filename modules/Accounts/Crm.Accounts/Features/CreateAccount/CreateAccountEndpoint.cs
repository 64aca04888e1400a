using Crm.Accounts.Features.Shared;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.CreateAccount;

internal static class CreateAccountEndpoint
{
    internal static RouteHandlerBuilder MapCreateAccount(this IEndpointRouteBuilder app) =>
        app.MapPost("/", async Task<Created<AccountResponse>> (CreateAccountCommand command, bool? allowDuplicate, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
        {
            var created = await mediator.Send(command with { AllowDuplicate = allowDuplicate ?? false }, cancellationToken);
            return Versioning.Created(response, $"/api/accounts/{created.Id}", created);
        })
            .WithName("CreateAccount")
            .WithSummary("Create a customer or partner (409 with the existing record when tax id, e-mail or phone is already used)")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
