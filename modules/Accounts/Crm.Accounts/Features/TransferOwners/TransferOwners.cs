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
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.TransferOwners;

/// <summary>
/// Work transfer: moves a leaver's (or a subset of their) active accounts to a successor in one transaction, so no
/// customer is left without an owner. Each moved account raises AccountOwnerChanged.
/// </summary>
internal sealed record TransferOwnersCommand(Guid FromOwnerId, Guid ToOwnerId, IReadOnlyList<Guid>? AccountIds, string? Reason)
    : IRequest<TransferOwnersResult>;

internal sealed record TransferOwnersResult(int Transferred, IReadOnlyList<Guid> AccountIds);

internal sealed class TransferOwnersValidator : AbstractValidator<TransferOwnersCommand>
{
    public TransferOwnersValidator()
    {
        RuleFor(c => c.FromOwnerId).NotEmpty().WithMessage("The current owner (fromOwnerId) is required.");
        RuleFor(c => c.ToOwnerId).NotEmpty().WithMessage("The new owner (toOwnerId) is required.")
            .NotEqual(c => c.FromOwnerId).WithMessage("The new owner must differ from the current owner.");
        RuleFor(c => c.AccountIds).Must(ids => ids is null || ids.Count is > 0 and <= 10_000)
            .WithMessage("Give between 1 and 10,000 account ids, or leave accountIds out to transfer all of the owner's accounts.");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class TransferOwnersHandler(AccountsDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<TransferOwnersCommand, TransferOwnersResult>
{
    public async Task<TransferOwnersResult> Handle(TransferOwnersCommand command, CancellationToken cancellationToken)
    {
        // Only accounts the caller may reassign (a branch manager: its branch's and its own); the others are not "found".
        var scope = await visibility.GetAssignScopeAsync(cancellationToken);
        var query = db.Accounts.VisibleTo(scope).Where(a => a.OwnerId == command.FromOwnerId && a.ArchivedAtUtc == null);
        if (command.AccountIds is { } ids)
        {
            var wanted = ids.Distinct().ToList();
            query = query.Where(a => wanted.Contains(a.Id));
        }

        var accounts = await query.ToListAsync(cancellationToken);
        if (command.AccountIds is { } requested)
        {
            var missing = requested.Distinct().Except(accounts.Select(a => a.Id)).ToList();
            if (missing.Count > 0)
            {
                throw new BusinessRuleException(
                    $"{missing.Count} of the given accounts are not active accounts of owner {command.FromOwnerId} (first: {missing[0]}). Nothing was transferred.",
                    "accountIds");
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in accounts)
        {
            account.ChangeOwner(command.ToOwnerId, command.Reason ?? "Work transfer", user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new TransferOwnersResult(accounts.Count, accounts.Select(a => a.Id).ToList());
    }
}

internal static class TransferOwnersEndpoint
{
    internal static RouteHandlerBuilder MapTransferOwners(this IEndpointRouteBuilder app) =>
        app.MapPost("/owner-transfers", async Task<Ok<TransferOwnersResult>> (TransferOwnersCommand command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command, cancellationToken)))
            .WithName("TransferAccountOwners")
            .WithSummary("Move all (or the listed) active accounts of one owner to another in one transaction")
            .RequireAuthorization(CrmPolicies.AccountsAssign)
            .ProducesValidationProblem();
}
