using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.ArchiveAccount;

/// <summary>Archiving hides an account from lists and blocks edits but keeps its history; restoring undoes it.</summary>
internal sealed record SetArchivedCommand(Guid Id, bool Archived, long? Version) : IRequest<AccountResponse>;

internal sealed class SetArchivedHandler(AccountsDbContext db, IRecordVisibility visibility, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<SetArchivedCommand, AccountResponse>
{
    public async Task<AccountResponse> Handle(SetArchivedCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.Id, visibility, cancellationToken);
        Versioning.EnsureCurrent("account", account.Version, command.Version);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Archived)
        {
            account.Archive(user.Id, now);
        }
        else
        {
            account.Restore(user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return AccountResponse.From(account);
    }
}

internal static class ArchiveAccountEndpoint
{
    internal static RouteHandlerBuilder MapArchiveAccount(this IEndpointRouteBuilder app) =>
        app.MapPost("/{id:guid}/archive", (Guid id, IMediator m, HttpRequest rq, HttpResponse rs, CancellationToken ct) => Handle(id, true, m, rq, rs, ct))
            .WithName("ArchiveAccount")
            .WithSummary("Archive an account (hidden from lists, history kept)")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    internal static RouteHandlerBuilder MapRestoreAccount(this IEndpointRouteBuilder app) =>
        app.MapPost("/{id:guid}/restore", (Guid id, IMediator m, HttpRequest rq, HttpResponse rs, CancellationToken ct) => Handle(id, false, m, rq, rs, ct))
            .WithName("RestoreAccount")
            .WithSummary("Bring an archived account back")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Ok<AccountResponse>> Handle(
        Guid id, bool archived, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var updated = await mediator.Send(new SetArchivedCommand(id, archived, Versioning.ExpectedVersion(request, null)), cancellationToken);
        return Versioning.Ok(response, updated);
    }
}
