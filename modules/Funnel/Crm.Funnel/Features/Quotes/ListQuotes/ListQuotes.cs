using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Quotes;

internal sealed record ListQuotesQuery(Guid? OpportunityId, string? Status, int PageSize) : IRequest<IReadOnlyList<QuoteResponse>>;

internal sealed class ListQuotesValidator : AbstractValidator<ListQuotesQuery>
{
    public ListQuotesValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<QuoteStatus>).WithMessage($"Status must be one of {Fields.Names<QuoteStatus>()}.");
    }
}

internal sealed class ListQuotesHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<ListQuotesQuery, IReadOnlyList<QuoteResponse>>
{
    public async Task<IReadOnlyList<QuoteResponse>> Handle(ListQuotesQuery query, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var quotes = db.Quotes.AsNoTracking().Include(q => q.Lines).VisibleTo(db, scope);
        if (query.OpportunityId is { } opportunityId)
        {
            if (!await db.Opportunities.VisibleTo(scope).AnyAsync(o => o.Id == opportunityId, cancellationToken))
            {
                throw new NotFoundException($"Opportunity {opportunityId} does not exist.");
            }

            quotes = quotes.Where(q => q.OpportunityId == opportunityId);
        }

        if (Fields.ParseOrNull<QuoteStatus>(query.Status) is { } status)
        {
            quotes = quotes.Where(q => q.Status == status);
        }

        return (await quotes.OrderByDescending(q => q.CreatedAtUtc).ThenByDescending(q => q.Revision).Take(query.PageSize).ToListAsync(cancellationToken))
            .Select(QuoteResponse.From).ToList();
    }
}

internal static class ListQuotesEndpoint
{
    internal static void MapListQuotes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opportunities/{id:guid}/quotes", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListQuotesQuery(id, null, 200), ct)))
            .WithName("ListOpportunityQuotes")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The quotes of an opportunity, every revision, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/quotes", async (string? status, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListQuotesQuery(null, status, pageSize ?? 50), ct)))
            .WithName("ListQuotes")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Quotes, newest first, e.g. ?status=PendingApproval for the approvers")
            .ProducesValidationProblem();
    }
}
