using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Opportunities;

internal sealed record SetOpportunityLinesCommand(IReadOnlyList<LineInput>? Lines, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class SetOpportunityLinesValidator : AbstractValidator<SetOpportunityLinesCommand>
{
    public SetOpportunityLinesValidator(IOptions<MoneyOptions> money)
    {
        RuleFor(c => c.Lines).NotNull().WithMessage("Send the lines (an empty list removes them).")
            .Must(l => l is null || l.Count <= Opportunity.MaxLines).WithMessage($"At most {Opportunity.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator(money));
    }
}

internal sealed class SetOpportunityLinesHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, LinePricer pricer)
    : IRequestHandler<SetOpportunityLinesCommand, OpportunityResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<OpportunityResponse> Handle(SetOpportunityLinesCommand command, CancellationToken cancellationToken)
    {
        // Priced in the opportunity's currency before the change; an opportunity that is not there (or not visible) is
        // refused by the change itself, as before.
        var currency = await db.Opportunities.AsNoTracking().Where(o => o.Id == command.Id)
            .Select(o => new DocumentCurrency(o.Currency, o.ExchangeRate)).FirstOrDefaultAsync(cancellationToken);
        var lines = currency is null ? new List<PricedLineDetails>() : await pricer.PriceAsync(command.Lines!, currency, cancellationToken);
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) =>
        {
            db.OpportunityLines.RemoveRange(o.Lines);
            o.SetLines(lines, user.Id, Now);
            db.OpportunityLines.AddRange(o.Lines);
        }, cancellationToken);
        return OpportunityResponse.From(o, p);
    }
}

internal static class SetOpportunityLinesEndpoint
{
    internal static void MapSetOpportunityLines(this IEndpointRouteBuilder app)
    {
        app.MapPut("/opportunities/{id:guid}/lines", async (Guid id, SetOpportunityLinesCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("SetOpportunityLines")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Replace the product lines; the amount becomes their total")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
