using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Quotes.QuoteMargins;

internal sealed record QuoteMarginsQuery(Guid Id) : IRequest<MarginsResponse>;

internal sealed class QuoteMarginsHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<QuoteMarginsQuery, MarginsResponse>
{
    public async Task<MarginsResponse> Handle(QuoteMarginsQuery query, CancellationToken cancellationToken)
    {
        var quote = await db.Quotes.AsNoTracking().Include(q => q.Lines).VisibleTo(db, await visibility.GetScopeAsync(cancellationToken))
                        .FirstOrDefaultAsync(q => q.Id == query.Id, cancellationToken)
                    ?? throw new NotFoundException($"Quote {query.Id} does not exist.");
        return MarginsResponse.From(quote.Currency, quote.Lines);
    }
}

internal static class QuoteMarginsEndpoint
{
    internal static void MapQuoteMargins(this IEndpointRouteBuilder app) =>
        app.MapGet("/quotes/{id:guid}/margins", async Task<Ok<MarginsResponse>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new QuoteMarginsQuery(id), ct)))
            .WithName("GetQuoteMargins")
            .RequireAuthorization(CrmPolicies.Margins)
            .WithSummary("Margin per line and in total (net less standard cost), for those who may see costs")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
