using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.ExchangeRates;
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

internal sealed record UpdateOpportunityCommand(
    string? Name, decimal? Amount, DateOnly? ExpectedCloseDate, Guid? ContactId, Guid? BranchId, string? Description, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>A new currency takes today's rate; left out, the opportunity keeps its currency and rate.</summary>
    public string? Currency { get; init; }

    /// <summary>Custom-field values to change, by key; keys left out keep their values (ADR 0121).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }
}

internal sealed class UpdateOpportunityValidator : AbstractValidator<UpdateOpportunityCommand>
{
    public UpdateOpportunityValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(c => c.ExpectedCloseDate).NotNull().WithMessage("Expected close date is required.");
        RuleFor(c => c.Amount).Money("Amount");
        RuleFor(c => c.Currency).CurrencyCode();
        RuleFor(c => c.Description).MaximumLength(4000);
    }
}

internal sealed class UpdateOpportunityHandler(
    FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IOptions<MoneyOptions> money, CustomFieldValues customFields)
    : IRequestHandler<UpdateOpportunityCommand, OpportunityResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<OpportunityResponse> Handle(UpdateOpportunityCommand command, CancellationToken cancellationToken)
    {
        var company = money.Value.CompanyCurrency;
        var currency = command.Currency is { } code
            ? await DocumentCurrencies.CaptureAsync(db, code, company, DateOnly.FromDateTime(Now), cancellationToken)
            : null;
        // Staged first, written by the writer's SaveChanges with the change (nothing is saved if the change is refused).
        await customFields.SetAsync(db, FunnelCustomFields.Opportunity, command.Id, command.CustomFields, creating: false, cancellationToken);
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) => o.UpdateDetails(
            new OpportunityDetails(command.Name!, command.Amount ?? o.Amount, command.ExpectedCloseDate!.Value, command.ContactId, command.BranchId, command.Description),
            currency, user.Id, Now), cancellationToken);
        return OpportunityResponse.From(o, p) with
        {
            CustomFields = await customFields.ReadAsync(db, FunnelCustomFields.Opportunity, o.Id, cancellationToken),
        };
    }
}

internal static class UpdateOpportunityEndpoint
{
    internal static void MapUpdateOpportunity(this IEndpointRouteBuilder app)
    {
        app.MapPut("/opportunities/{id:guid}", async (Guid id, UpdateOpportunityCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdateOpportunity")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change name, amount (when it has no lines), expected close date, contact, branch, description")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
