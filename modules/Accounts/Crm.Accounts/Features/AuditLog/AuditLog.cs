using System.Text.Json;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.AuditLog;

internal sealed record AccountAuditQuery(Guid AccountId, int Page, int PageSize) : IRequest<PagedResult<AuditEntryResponse>>;

internal sealed record AuditEntryResponse(long Id, string Entity, string EntityId, string Action, JsonElement? Changes, string By, DateTime At);

internal sealed class AccountAuditValidator : AbstractValidator<AccountAuditQuery>
{
    public AccountAuditValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
    }
}

internal sealed class AccountAuditHandler(AccountsDbContext db, IRecordVisibility visibility) : IRequestHandler<AccountAuditQuery, PagedResult<AuditEntryResponse>>
{
    public async Task<PagedResult<AuditEntryResponse>> Handle(AccountAuditQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureVisibleAsync(query.AccountId, visibility, cancellationToken);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.SubjectId == query.AccountId)
            .OrderByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var items = rows.Take(query.PageSize)
            .Select(e => new AuditEntryResponse(
                e.Id, e.Entity, e.EntityId, e.Action, e.Changes is null ? null : JsonDocument.Parse(e.Changes).RootElement, e.By, e.AtUtc))
            .ToList();
        return new PagedResult<AuditEntryResponse>(items, query.Page, query.PageSize, rows.Count > query.PageSize, null, null);
    }
}

internal static class AccountAuditEndpoint
{
    internal static RouteHandlerBuilder MapAccountAudit(this IEndpointRouteBuilder app) =>
        app.MapGet("/{id:guid}/audit", async (Guid id, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AccountAuditQuery(id, page ?? 1, pageSize ?? 50), ct)))
            .WithName("AccountAuditLog")
            .WithSummary("Who changed the account and its contacts, when, with the values before and after (newest first)")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
