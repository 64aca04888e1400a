using Crm.Accounts.PublicApi;
using Crm.Funnel.PublicApi;
using Crm.BuildingBlocks.Application;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Inbox.Features.TransferWork;

internal sealed record TransferWorkRequest(Guid FromUserId, Guid ToUserId, bool? IncludeCustomers, bool? IncludeSales, string? Reason);

/// <summary>
/// A leaver's work goes to a successor in one action: open tasks and out-of-office duties (one transaction on the
/// workflows database), through the Accounts module's API their customers, through the Funnel module's API their open
/// leads and opportunities.
/// </summary>
internal sealed record TransferWorkCommand(Guid FromUserId, Guid ToUserId, bool IncludeCustomers, bool IncludeSales, string? Reason) : IRequest<TransferWorkResult>;

/// <summary>A count is null when that kind of work was not moved; the matching note says why.</summary>
internal sealed record TransferWorkResult(
    int TasksTransferred,
    int OutOfOfficeRulesChanged,
    int? CustomersTransferred,
    string? CustomersNote,
    int? LeadsTransferred,
    int? OpportunitiesTransferred,
    string? SalesNote);

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

internal sealed class TransferWorkHandler(WorkflowsDbContext db, InboxUser user, StaffLookup staff, WorkTransfer transfer, IServiceProvider services, TimeProvider clock)
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

        // Customers and sales work first (their own databases, through the modules' APIs): a failure there stops before
        // anything moved here, and repeating the whole transfer is harmless (only what is still the leaver's moves).
        var (customers, note) = command.IncludeCustomers
            ? await WorkTransfer.TransferCustomersAsync(services.GetService<IAccountsApi>(), command.FromUserId, command.ToUserId, reason, cancellationToken)
            : (null, "Customers not transferred: not asked for.");
        var (sales, salesNote) = command.IncludeSales
            ? await WorkTransfer.TransferSalesAsync(services.GetService<IFunnelApi>(), command.FromUserId, command.ToUserId, reason, cancellationToken)
            : (null, "Leads and opportunities not transferred: not asked for.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await transfer.TransferTasksAsync(command.FromUserId, command.ToUserId, user.Id, reason, customers, sales, clock.GetUtcNow().UtcDateTime, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            throw new ConflictException("Some of the tasks changed while they were being transferred; run the transfer again (what moved already stays moved).");
        }

        await transaction.CommitAsync(cancellationToken);
        return new TransferWorkResult(result.Tasks, result.OutOfOfficeRules, customers, note, sales?.Leads, sales?.Opportunities, salesNote);
    }
}

internal static class TransferWorkEndpoint
{
    internal static RouteHandlerBuilder MapTransferWork(this IEndpointRouteBuilder app) =>
        app.MapPost("/transfers", async (TransferWorkRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new TransferWorkCommand(body.FromUserId, body.ToUserId, body.IncludeCustomers ?? true, body.IncludeSales ?? true, body.Reason), ct)))
            .WithName("TransferWork")
            .WithSummary("As a manager: move a leaver's open tasks, customers (Accounts) and open leads and opportunities (Funnel) to a successor in one action")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
