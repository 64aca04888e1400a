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

internal sealed record ReviseQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed class ReviseQuoteHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<ReviseQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<QuoteResponse> Handle(ReviseQuoteCommand command, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        var latest = await db.Quotes.Where(q => q.Number == quote.Number).MaxAsync(q => q.Revision, cancellationToken);
        if (latest != quote.Revision)
        {
            throw new BusinessRuleException($"Revision {latest} of {quote.Number} is newer; revise that one.");
        }

        var next = quote.Revise(user.Id, Now);
        db.Quotes.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(next);
    }
}

internal static class ReviseQuoteEndpoint
{
    internal static void MapReviseQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/quotes/{id:guid}/revisions", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                var revision = await mediator.Send(new ReviseQuoteCommand(id), ct);
                return TypedResults.Created($"/api/funnel/quotes/{revision.Id}", revision);
            })
            .WithName("ReviseQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("A new revision (same number, next version) as a draft; this one becomes Superseded")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
