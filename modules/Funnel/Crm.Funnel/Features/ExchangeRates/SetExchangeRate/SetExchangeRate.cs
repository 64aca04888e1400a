using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.ExchangeRates;

/// <summary>One unit of <see cref="Currency"/> is worth <see cref="Rate"/> units of the company currency from <see cref="ValidFrom"/> on.</summary>
internal sealed record SetExchangeRateCommand(string? Currency, DateOnly? ValidFrom, decimal? Rate) : IRequest<ExchangeRateResponse>;

internal sealed class SetExchangeRateValidator : AbstractValidator<SetExchangeRateCommand>
{
    public SetExchangeRateValidator(IOptions<MoneyOptions> money)
    {
        RuleFor(c => c.Currency).NotEmpty().WithMessage("Which currency? currency is required.").CurrencyCode()
            .NotEqual(money.Value.CompanyCurrency).WithMessage($"The company currency ({money.Value.CompanyCurrency}) needs no rate.");
        RuleFor(c => c.ValidFrom).NotNull().WithMessage("From which day is the rate valid? validFrom is required.");
        RuleFor(c => c.Rate).NotNull().WithMessage("Rate is required.")
            .GreaterThan(0).WithMessage("A rate is above zero.")
            .LessThan(1_000_000m).WithMessage("Rate is too large.")
            .Must(r => r is null || decimal.Round(r.Value, ExchangeRate.Decimals) == r.Value)
            .WithMessage($"Rate has at most {ExchangeRate.Decimals} decimals.");
    }
}

internal sealed class SetExchangeRateHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock, IOptions<MoneyOptions> money)
    : IRequestHandler<SetExchangeRateCommand, ExchangeRateResponse>
{
    public async Task<ExchangeRateResponse> Handle(SetExchangeRateCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var currency = command.Currency!;
        var validFrom = command.ValidFrom!.Value;
        // One rate per currency and day: recording the day again corrects it. Documents already priced keep the rate they took.
        var rate = await db.ExchangeRates.FirstOrDefaultAsync(r => r.Currency == currency && r.ValidFrom == validFrom, cancellationToken);
        if (rate is null)
        {
            rate = ExchangeRate.Create(currency, validFrom, command.Rate!.Value, user.Id, now);
            db.ExchangeRates.Add(rate);
        }
        else
        {
            rate.Correct(command.Rate!.Value, user.Id, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Someone recorded the {currency} rate for {validFrom:yyyy-MM-dd} at the same moment; reload and try again.");
        }

        return ExchangeRateResponse.From(rate, money.Value.CompanyCurrency);
    }
}

internal static class SetExchangeRateEndpoint
{
    internal static void MapSetExchangeRate(this IEndpointRouteBuilder app)
    {
        app.MapPut("/exchange-rates", async (SetExchangeRateCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command, ct)))
            .WithName("SetExchangeRate")
            .RequireAuthorization(CrmPolicies.ExchangeRates)
            .WithSummary("Record (or correct) the rate of a currency to the company currency from a day on")
            .Produces<ExchangeRateResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
