using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Ownership;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using Crm.Workflows.PublicApi.IntegrationEvents;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Workflows.Inbox.Features.TransferWork;

internal sealed record TransferWorkRequest(Guid FromUserId, Guid ToUserId, bool? IncludeRecords, string? Reason);

/// <summary>
/// A leaver's work goes to a successor in one action: open tasks and out-of-office duties (one transaction on the
/// workflows database) and, through every enabled module's <see cref="IOwnershipContribution"/>, the records they own
/// that the caller may reassign (a branch manager: its branch's; an administrator: all).
/// </summary>
internal sealed record TransferWorkCommand(Guid FromUserId, Guid ToUserId, bool IncludeRecords, string? Reason) : IRequest<TransferWorkResult>;

/// <summary><see cref="Records"/>: one entry per module and kind; <see cref="RecordsNote"/> says why none moved when none were asked for.</summary>
internal sealed record TransferWorkResult(
    int TasksTransferred,
    int OutOfOfficeRulesChanged,
    IReadOnlyList<TransferredRecords> Records,
    string? RecordsNote);

internal sealed class TransferWorkValidator : AbstractValidator<TransferWorkCommand>
{
    public TransferWorkValidator()
    {
        RuleFor(c => c.FromUserId).NotEmpty().WithMessage("Say who is leaving (fromUserId).");
        RuleFor(c => c.ToUserId).NotEmpty().WithMessage("Say who takes the work over (toUserId).")
            .NotEqual(c => c.FromUserId).WithMessage("The successor must be someone other than the leaver.");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class TransferWorkHandler(
    WorkflowsDbContext db, InboxUser user, StaffLookup staff, WorkTransfer transfer, IEnumerable<IOwnershipContribution> contributions,
    IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<TransferWorkCommand, TransferWorkResult>
{
    public async Task<TransferWorkResult> Handle(TransferWorkCommand command, CancellationToken cancellationToken)
    {
        if (!await user.CanManageAsync(command.FromUserId, cancellationToken))
        {
            throw new ForbiddenTaskActionException($"Only a manager of {await staff.NameAsync(command.FromUserId, cancellationToken)} can transfer their work.");
        }

        await staff.EnsureAssignableAsync(command.ToUserId, "toUserId", cancellationToken);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? $"Work of {await staff.NameAsync(command.FromUserId, cancellationToken)} transferred" : command.Reason.Trim();

        // The modules' records first (their own databases): a failure there stops before anything moved here, and
        // repeating the whole transfer is harmless (only what is still the leaver's moves). Each module moves only what
        // the caller may reassign, so a branch manager cannot take another branch's customers this way.
        IReadOnlyList<TransferredRecords> records = [];
        string? note = "Records not transferred: not asked for.";
        if (command.IncludeRecords)
        {
            var scope = await visibility.GetAssignScopeAsync(cancellationToken);
            records = await WorkTransfer.HandOverRecordsAsync(contributions, command.FromUserId, command.ToUserId, reason, scope, cancellationToken);
            note = null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await transfer.TransferTasksAsync(command.FromUserId, command.ToUserId, user.Id, reason, records, clock.GetUtcNow().UtcDateTime, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            throw new ConflictException("Some of the tasks changed while they were being transferred; run the transfer again (what moved already stays moved).");
        }

        await transaction.CommitAsync(cancellationToken);
        return new TransferWorkResult(result.Tasks, result.OutOfOfficeRules, records, note);
    }
}

internal static class TransferWorkEndpoint
{
    internal static RouteHandlerBuilder MapTransferWork(this IEndpointRouteBuilder app) =>
        app.MapPost("/transfers", async (TransferWorkRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new TransferWorkCommand(body.FromUserId, body.ToUserId, body.IncludeRecords ?? true, body.Reason), ct)))
            .WithName("TransferWork")
            .WithSummary("As an administrator or branch manager: move a leaver's open tasks and the records the enabled modules hand over (customers, leads, opportunities …) to a successor in one action")
            .RequireAuthorization(CrmPolicies.WorkTransfer)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
