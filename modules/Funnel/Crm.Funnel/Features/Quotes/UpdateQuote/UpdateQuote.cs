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

internal sealed record UpdateQuoteCommand(DateOnly? ValidUntil, decimal? HeaderDiscountPercent, string? Terms, string? Notes, IReadOnlyList<LineInput>? Lines, long? Version)
    : IRequest<QuoteResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>A new currency takes the rate of the day; left out, the quote keeps its currency and rate.</summary>
    public string? Currency { get; init; }
}

internal sealed class UpdateQuoteValidator : AbstractValidator<UpdateQuoteCommand>
{
    public UpdateQuoteValidator(IOptions<MoneyOptions> money)
    {
        RuleFor(c => c.ValidUntil).NotNull().WithMessage("Valid-until date is required.");
        RuleFor(c => c.HeaderDiscountPercent).Percent("Header discount");
        RuleFor(c => c.Currency).CurrencyCode();
        RuleFor(c => c.Terms).MaximumLength(4000);
        RuleFor(c => c.Notes).MaximumLength(4000);
        RuleFor(c => c.Lines).NotNull().WithMessage("Send the lines.")
            .Must(l => l is null || l.Count <= Quote.MaxLines).WithMessage($"At most {Quote.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator(money));
    }
}

internal sealed class UpdateQuoteHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IOptions<MoneyOptions> money, LinePricer pricer)
    : IRequestHandler<UpdateQuoteCommand, QuoteResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<QuoteResponse> Handle(UpdateQuoteCommand command, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        Versioning.EnsureCurrent("quote", quote.Version, command.Version);
        var currency = command.Currency is { } code && code != quote.Currency
            ? await DocumentCurrencies.CaptureAsync(db, code, money.Value.CompanyCurrency, DateOnly.FromDateTime(Now), cancellationToken)
            : null;
        var lines = await pricer.PriceAsync(command.Lines!, currency ?? new DocumentCurrency(quote.Currency, quote.ExchangeRate), cancellationToken);
        db.QuoteLines.RemoveRange(quote.Lines);
        quote.Update(new QuoteDetails(command.ValidUntil!.Value, command.HeaderDiscountPercent ?? 0m, command.Terms, command.Notes),
            lines, currency, user.Id, Now);
        db.QuoteLines.AddRange(quote.Lines);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(quote);
    }
}

internal static class UpdateQuoteEndpoint
{
    internal static void MapUpdateQuote(this IEndpointRouteBuilder app)
    {
        app.MapPut("/quotes/{id:guid}", async (Guid id, UpdateQuoteCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdateQuote")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Edit a draft or rejected quote (a rejected one goes back to draft)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
