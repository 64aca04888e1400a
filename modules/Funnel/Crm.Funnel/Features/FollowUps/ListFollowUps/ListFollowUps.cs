using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.FollowUps;

internal sealed record ListFollowUpsQuery(FollowUpSubject Subject, Guid SubjectId, int Page, int PageSize) : IRequest<PagedResult<FollowUpResponse>>;

internal sealed class ListFollowUpsValidator : AbstractValidator<ListFollowUpsQuery>
{
    public ListFollowUpsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
    }
}

internal sealed class ListFollowUpsHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<ListFollowUpsQuery, PagedResult<FollowUpResponse>>
{
    public async Task<PagedResult<FollowUpResponse>> Handle(ListFollowUpsQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var exists = query.Subject == FollowUpSubject.Lead
            ? await db.Leads.VisibleTo(scope).AnyAsync(l => l.Id == query.SubjectId, cancellationToken)
            : await db.Opportunities.VisibleTo(scope).AnyAsync(o => o.Id == query.SubjectId, cancellationToken);
        if (!exists)
        {
            throw new NotFoundException($"{query.Subject} {query.SubjectId} does not exist.");
        }

        var rows = await db.FollowUps.AsNoTracking()
            .Where(f => f.Subject == query.Subject && f.SubjectId == query.SubjectId)
            .OrderByDescending(f => f.OccurredAtUtc).ThenByDescending(f => f.RecordedAtUtc)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        return new PagedResult<FollowUpResponse>(
            rows.Take(query.PageSize).Select(FollowUpResponse.From).ToList(), query.Page, query.PageSize, rows.Count > query.PageSize, null, null);
    }
}

internal static class ListFollowUpsEndpoint
{
    internal static void MapListFollowUps(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leads/{id:guid}/follow-ups", async (Guid id, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFollowUpsQuery(FollowUpSubject.Lead, id, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListLeadFollowUps")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The follow-up log of a lead, newest first")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/opportunities/{id:guid}/follow-ups", async (Guid id, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFollowUpsQuery(FollowUpSubject.Opportunity, id, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListOpportunityFollowUps")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The follow-up log of an opportunity, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
