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

internal sealed record DeclineQuoteCommand(string? Comment) : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class DeclineQuoteHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<DeclineQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public Task<QuoteResponse> Handle(DeclineQuoteCommand command, CancellationToken cancellationToken) =>
        db.ChangeQuoteAsync(visibility, command.Id, q => q.Decline(command.Comment, user.Id, Now), cancellationToken);
}

internal static class DeclineQuoteEndpoint
{
    internal static void MapDeclineQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/quotes/{id:guid}/decline", async (Guid id, DeclineQuoteCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("DeclineQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("The customer declined the quote")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
