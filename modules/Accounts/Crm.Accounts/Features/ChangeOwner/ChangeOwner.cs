using System.Text.Json.Serialization;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.ChangeOwner;

/// <summary>Assigns the account to a staff member (null = unassigned).</summary>
internal sealed record ChangeOwnerCommand(Guid? OwnerId, string? Reason, long? Version) : IRequest<AccountResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ChangeOwnerValidator : AbstractValidator<ChangeOwnerCommand>
{
    public ChangeOwnerValidator()
    {
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id; send null to unassign.");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class ChangeOwnerHandler(AccountsDbContext db, IRecordVisibility visibility, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ChangeOwnerCommand, AccountResponse>
{
    public async Task<AccountResponse> Handle(ChangeOwnerCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.Id, visibility, cancellationToken);
        Versioning.EnsureCurrent("account", account.Version, command.Version);
        if (account.ChangeOwner(command.OwnerId, command.Reason, user.Id, clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return AccountResponse.From(account);
    }
}

internal static class ChangeOwnerEndpoint
{
    internal static RouteHandlerBuilder MapChangeOwner(this IEndpointRouteBuilder app) =>
        app.MapPost("/{id:guid}/owner", async Task<Ok<AccountResponse>> (Guid id, ChangeOwnerCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        {
            var updated = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
            return Versioning.Ok(response, updated);
        })
            .WithName("ChangeAccountOwner")
            .WithSummary("Assign an account to another owner")
            .RequireAuthorization(CrmPolicies.AccountsAssign)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
