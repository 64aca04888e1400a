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

internal sealed record SubmitQuoteCommand(Guid Id) : IRequest<QuoteResponse>;

internal sealed class SubmitQuoteHandler(FunnelDbContext db, FunnelOptions options, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<SubmitQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now);
    public Task<QuoteResponse> Handle(SubmitQuoteCommand command, CancellationToken cancellationToken) =>
        db.ChangeQuoteAsync(visibility, command.Id, q => q.Submit(options.Quotes.DiscountApprovalThresholdPercent, Today, user.Id, Now), cancellationToken);
}

internal static class SubmitQuoteEndpoint
{
    internal static void MapSubmitQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/quotes/{id:guid}/submit", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new SubmitQuoteCommand(id), ct)))
            .WithName("SubmitQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Submit a draft: approved at once, or PendingApproval when the discount is above Funnel:Quotes:DiscountApprovalThresholdPercent (starts the discount-approval workflow)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
