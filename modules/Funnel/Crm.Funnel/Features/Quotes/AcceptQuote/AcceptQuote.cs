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

internal sealed record AcceptQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed class AcceptQuoteHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<AcceptQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now);
    public async Task<QuoteResponse> Handle(AcceptQuoteCommand command, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        if (await db.Quotes.AnyAsync(q => q.OpportunityId == quote.OpportunityId && q.Status == QuoteStatus.Accepted && q.Id != quote.Id, cancellationToken))
        {
            throw new BusinessRuleException("Another quote of this opportunity is already accepted.");
        }

        // The opportunity's amount becomes the quote's total, so its statistics change in the same transaction.
        await OpportunityWriter.ChangeAsync(db, quote.OpportunityId, RecordScope.All, null, (o, _) => quote.Accept(o, Today, user.Id, Now), cancellationToken);
        return QuoteResponse.From(quote);
    }
}

internal static class AcceptQuoteEndpoint
{
    internal static void MapAcceptQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/quotes/{id:guid}/accept", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new AcceptQuoteCommand(id), ct)))
            .WithName("AcceptQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("The customer accepted: the opportunity's amount becomes the quote's total (QuoteAccepted event)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
