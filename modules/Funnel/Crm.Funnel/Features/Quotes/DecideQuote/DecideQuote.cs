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

/// <summary>The approver's decision on a discount (a manager through the API, or the workflow's "Set quote approval").</summary>
internal sealed record DecideQuoteCommand(bool? Approved, string? Comment) : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>Set by the workflow activity (the approver from its task); otherwise the calling user.</summary>
    [JsonIgnore]
    public string? DecidedBy { get; init; }
}

internal sealed class DecideQuoteValidator : AbstractValidator<DecideQuoteCommand>
{
    public DecideQuoteValidator()
    {
        RuleFor(c => c.Approved).NotNull().WithMessage("Say whether the discount is approved (approved: true or false).");
        RuleFor(c => c.Comment).MaximumLength(1000);
    }
}

internal sealed class DecideQuoteHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<DecideQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public Task<QuoteResponse> Handle(DecideQuoteCommand command, CancellationToken cancellationToken) =>
        db.ChangeQuoteAsync(visibility, command.Id, q => q.Decide(command.Approved!.Value, command.Comment, command.DecidedBy ?? user.Id, Now), cancellationToken);
}

internal static class DecideQuoteEndpoint
{
    internal static void MapDecideQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/quotes/{id:guid}/approval", async (Guid id, DecideQuoteCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("DecideQuoteDiscount")
            .RequireAuthorization(CrmPolicies.FunnelApprove)
            .WithSummary("Approve or reject the discount of a quote pending approval")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
