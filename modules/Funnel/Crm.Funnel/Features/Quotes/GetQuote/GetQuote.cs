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

internal sealed record GetQuoteQuery(Guid Id) : IRequest<QuoteResponse>;

internal sealed class GetQuoteHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<GetQuoteQuery, QuoteResponse>
{
    public async Task<QuoteResponse> Handle(GetQuoteQuery query, CancellationToken cancellationToken) =>
        QuoteResponse.From(await db.Quotes.AsNoTracking().Include(q => q.Lines).VisibleTo(db, await visibility.GetScopeAsync(cancellationToken))
                               .FirstOrDefaultAsync(q => q.Id == query.Id, cancellationToken)
                           ?? throw new NotFoundException($"Quote {query.Id} does not exist."));
}

internal static class GetQuoteEndpoint
{
    internal static void MapGetQuote(this IEndpointRouteBuilder app)
    {
        app.MapGet("/quotes/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) => Versioning.Ok(response, await mediator.Send(new GetQuoteQuery(id), ct)))
            .WithName("GetQuote")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One quote revision with its lines and totals")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
