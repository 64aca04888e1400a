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

internal sealed record SendQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed class SendQuoteHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<SendQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now);
    public Task<QuoteResponse> Handle(SendQuoteCommand command, CancellationToken cancellationToken) =>
        db.ChangeQuoteAsync(visibility, command.Id, q => q.MarkSent(Today, user.Id, Now), cancellationToken);
}

internal static class SendQuoteEndpoint
{
    internal static void MapSendQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/quotes/{id:guid}/send", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new SendQuoteCommand(id), ct)))
            .WithName("SendQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Mark an approved quote as sent to the customer")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
