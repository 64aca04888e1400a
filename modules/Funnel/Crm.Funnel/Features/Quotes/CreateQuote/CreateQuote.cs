using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.ExchangeRates;
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
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Quotes;

/// <summary>A new quote for an opportunity; without lines it starts from the opportunity's product lines.</summary>
internal sealed record CreateQuoteCommand(DateOnly? ValidUntil, decimal? HeaderDiscountPercent, string? Terms, string? Notes, IReadOnlyList<LineInput>? Lines)
    : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid OpportunityId { get; init; }

    /// <summary>ISO 4217 code of the quote; the opportunity's currency when left out. The rate of the day is kept on the quote.</summary>
    public string? Currency { get; init; }
}

internal sealed class CreateQuoteValidator : AbstractValidator<CreateQuoteCommand>
{
    public CreateQuoteValidator(IOptions<MoneyOptions> money)
    {
        RuleFor(c => c.HeaderDiscountPercent).Percent("Header discount");
        RuleFor(c => c.Currency).CurrencyCode();
        RuleFor(c => c.Terms).MaximumLength(4000);
        RuleFor(c => c.Notes).MaximumLength(4000);
        RuleFor(c => c.Lines).Must(l => l is null || l.Count <= Quote.MaxLines).WithMessage($"At most {Quote.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator(money));
    }
}

internal sealed class CreateQuoteHandler(
    FunnelDbContext db, FunnelOptions options, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IOptions<MoneyOptions> money, LinePricer pricer)
    : IRequestHandler<CreateQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now);
    public async Task<QuoteResponse> Handle(CreateQuoteCommand command, CancellationToken cancellationToken)
    {
        var opportunity = await db.LoadOpportunityAsync(command.OpportunityId, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        opportunity.EnsureOpen();
        var now = Now;
        var currency = await DocumentCurrencies.CaptureAsync(db, command.Currency ?? opportunity.Currency, money.Value.CompanyCurrency, Today, cancellationToken);
        var lines = command.Lines is { } given
            ? await pricer.PriceAsync(given, currency, cancellationToken)
            : opportunity.Lines.OrderBy(l => l.Position).Select(l => l.Details()).ToList();
        var number = await QuoteNumbers.NextAsync(db, now, cancellationToken);
        var quote = Quote.Create(
            number, opportunity,
            new QuoteDetails(command.ValidUntil ?? Today.AddDays(options.Quotes.DefaultValidityDays), command.HeaderDiscountPercent ?? 0m, command.Terms, command.Notes),
            lines, currency, user.Id, now);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(quote);
    }
}

internal static class CreateQuoteEndpoint
{
    internal static void MapCreateQuote(this IEndpointRouteBuilder app)
    {
        app.MapPost("/opportunities/{id:guid}/quotes", async (Guid id, CreateQuoteCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var quote = await mediator.Send(command with { OpportunityId = id }, ct);
                return TypedResults.Created($"/api/funnel/quotes/{quote.Id}", quote);
            })
            .WithName("CreateQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Create a draft quote for an opportunity (lines default to the opportunity's; validity to Funnel:Quotes:DefaultValidityDays)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
