using System.Text.Json.Serialization;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.Interactions;

/// <summary>Logs a follow-up; the account's last-contact date moves with it.</summary>
internal sealed record LogInteractionCommand(string? Channel, string? Summary, DateTime? OccurredAt, DateTime? NextFollowUpAt, Guid? ContactId)
    : IRequest<InteractionResponse>
{
    [JsonIgnore]
    public Guid AccountId { get; init; }
}

internal sealed record InteractionResponse(
    Guid Id, Guid AccountId, Guid? ContactId, InteractionChannel Channel, string Summary, DateTime OccurredAt, DateTime? NextFollowUpAt, string RecordedBy, DateTime RecordedAt);

internal sealed record ListInteractionsQuery(Guid AccountId, int Page, int PageSize) : IRequest<PagedResult<InteractionResponse>>;

internal sealed class LogInteractionValidator : AbstractValidator<LogInteractionCommand>
{
    public LogInteractionValidator()
    {
        RuleFor(c => c.Channel).NotEmpty().WithMessage("Channel is required.")
            .Must(AccountFields.IsEnumOrEmpty<InteractionChannel>).WithMessage($"Channel must be one of {AccountFields.Names<InteractionChannel>()}.");
        RuleFor(c => c.Summary).NotEmpty().WithMessage("Summary is required: what was discussed?").MaximumLength(4000);
        RuleFor(c => c.NextFollowUpAt).GreaterThan(c => c.OccurredAt ?? DateTime.MinValue)
            .When(c => c.NextFollowUpAt is not null)
            .WithMessage("The next follow-up must come after the interaction.");
    }
}

internal sealed class ListInteractionsValidator : AbstractValidator<ListInteractionsQuery>
{
    public ListInteractionsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
    }
}

internal sealed class InteractionHandlers(AccountsDbContext db, IRecordVisibility visibility, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<LogInteractionCommand, InteractionResponse>, IRequestHandler<ListInteractionsQuery, PagedResult<InteractionResponse>>
{
    public async Task<InteractionResponse> Handle(LogInteractionCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.AccountId, visibility, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var occurred = command.OccurredAt is { } at ? ToUtc(at) : now;
        var interaction = account.LogInteraction(
            command.ContactId, Enum.Parse<InteractionChannel>(command.Channel!, ignoreCase: true), command.Summary!, occurred,
            command.NextFollowUpAt is { } next ? ToUtc(next) : null, user.Id, now);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);
        return ToResponse(interaction);
    }

    public async Task<PagedResult<InteractionResponse>> Handle(ListInteractionsQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureVisibleAsync(query.AccountId, visibility, cancellationToken);
        var rows = await db.Interactions.AsNoTracking()
            .Where(i => i.AccountId == query.AccountId)
            .OrderByDescending(i => i.OccurredAtUtc).ThenByDescending(i => i.RecordedAtUtc)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        return new PagedResult<InteractionResponse>(
            rows.Take(query.PageSize).Select(ToResponse).ToList(), query.Page, query.PageSize, rows.Count > query.PageSize, null, null);
    }

    // Clients send ISO 8601 with an offset; a time without one is taken as UTC rather than the server's zone.
    private static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    private static InteractionResponse ToResponse(Interaction i) => new(
        i.Id, i.AccountId, i.ContactId, i.Channel, i.Summary, i.OccurredAtUtc, i.NextFollowUpAtUtc, i.RecordedBy, i.RecordedAtUtc);
}

internal static class InteractionEndpoints
{
    internal static void MapInteractions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{id:guid}/interactions", async (Guid id, LogInteractionCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created($"/api/accounts/{id}/interactions", await mediator.Send(command with { AccountId = id }, ct)))
            .WithName("LogInteraction")
            .WithSummary("Log a follow-up (call, visit, e-mail...) with the customer")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/{id:guid}/interactions", async (Guid id, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListInteractionsQuery(id, page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListInteractions")
            .WithSummary("The follow-up log of an account, newest first")
            .RequireAuthorization(CrmPolicies.AccountsRead)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
