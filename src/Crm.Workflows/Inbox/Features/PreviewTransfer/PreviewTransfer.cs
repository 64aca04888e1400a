using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Ownership;
using Crm.Workflows.Inbox.Features.Shared;
using Crm.Workflows.Inbox.Services;
using Crm.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Inbox.Features.PreviewTransfer;

/// <summary>
/// What a leaver transfer (<c>POST /api/inbox/transfers</c>) would move for <see cref="FromUserId"/> if the caller ran it
/// now, changing nothing: the same tasks, out-of-office rules and records (by the same selections and the caller's
/// assign scope), counted.
/// </summary>
internal sealed record PreviewTransferQuery(Guid FromUserId) : IRequest<TransferPreview>;

internal sealed record TransferPreview(Guid FromUserId, string FromName, int Tasks, int OutOfOfficeRules, IReadOnlyList<OwnedKind> Records);

internal sealed class PreviewTransferValidator : AbstractValidator<PreviewTransferQuery>
{
    public PreviewTransferValidator() =>
        RuleFor(c => c.FromUserId).NotEmpty().WithMessage("Say who is leaving (fromUserId).");
}

internal sealed class PreviewTransferHandler(
    WorkflowsDbContext db, InboxUser user, StaffLookup staff, IEnumerable<IOwnershipContribution> contributions, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<PreviewTransferQuery, TransferPreview>
{
    public async Task<TransferPreview> Handle(PreviewTransferQuery query, CancellationToken cancellationToken)
    {
        var leaver = query.FromUserId;
        if (!await user.CanManageAsync(leaver, cancellationToken))
        {
            throw new ForbiddenTaskActionException($"Only a manager of {await staff.NameAsync(leaver, cancellationToken)} can transfer their work.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var tasks = await WorkTransfer.Affected(db.HumanTasks.AsNoTracking(), leaver).CountAsync(cancellationToken);
        var rules = await WorkTransfer.AffectedRules(db.OutOfOfficeRules.AsNoTracking(), leaver, now).CountAsync(cancellationToken);
        var scope = await visibility.GetAssignScopeAsync(cancellationToken);
        var records = new List<OwnedKind>();
        foreach (var contribution in contributions)
        {
            records.AddRange((await contribution.CountAsync([leaver], scope, cancellationToken))
                .Select(r => new OwnedKind(contribution.Module, r.Kind, r.One, r.Many, r.Count)));
        }

        return new TransferPreview(leaver, await staff.NameAsync(leaver, cancellationToken), tasks, rules, records);
    }
}

internal static class PreviewTransferEndpoint
{
    internal static RouteHandlerBuilder MapPreviewTransfer(this IEndpointRouteBuilder app) =>
        app.MapGet("/transfers/preview", async Task<Ok<TransferPreview>> (Guid? fromUserId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new PreviewTransferQuery(fromUserId ?? Guid.Empty), ct)))
            .WithName("PreviewTransferWork")
            .WithSummary("As an administrator or branch manager: what a leaver transfer would move now (open tasks, out-of-office rules, records per module), changing nothing")
            .RequireAuthorization(CrmPolicies.WorkTransfer)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
