using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.ExchangeRates;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Opportunities;

internal sealed record CreateOpportunityCommand(
    string? Name,
    Guid? AccountId,
    Guid? ContactId,
    Guid? PipelineId,
    Guid? StageId,
    decimal? Amount,
    DateOnly? ExpectedCloseDate,
    Guid? OwnerId,
    Guid? BranchId,
    Guid? CampaignId,
    string? Description,
    IReadOnlyList<LineInput>? Lines) : IRequest<OpportunityResponse>
{
    /// <summary>ISO 4217 code of the amount and lines; the company currency when left out.</summary>
    public string? Currency { get; init; }

    /// <summary>Custom-field values by key (ADR 0121).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }
}

internal sealed class CreateOpportunityValidator : AbstractValidator<CreateOpportunityCommand>
{
    public CreateOpportunityValidator(IOptions<MoneyOptions> money)
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(c => c.AccountId).NotNull().WithMessage("Which account is it for? accountId is required.").NotEqual(Guid.Empty);
        RuleFor(c => c.ExpectedCloseDate).NotNull().WithMessage("Expected close date is required.");
        RuleFor(c => c.Amount).Money("Amount");
        RuleFor(c => c.Currency).CurrencyCode();
        RuleFor(c => c.Description).MaximumLength(4000);
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id.");
        RuleFor(c => c.Lines).Must(l => l is null || l.Count <= Opportunity.MaxLines).WithMessage($"At most {Opportunity.MaxLines} lines.");
        RuleForEach(c => c.Lines).SetValidator(new LineInputValidator(money));
    }
}

internal sealed class CreateOpportunityHandler(
    FunnelDbContext db, IAccountsApi accounts, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IOptions<MoneyOptions> money, LinePricer pricer,
    CustomFieldValues customFields)
    : IRequestHandler<CreateOpportunityCommand, OpportunityResponse>
{
    public async Task<OpportunityResponse> Handle(CreateOpportunityCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.GetSummaryAsync(command.AccountId!.Value, cancellationToken)
                      ?? throw new BusinessRuleException($"Account {command.AccountId} does not exist.", "accountId");
        if (account.IsArchived)
        {
            throw new BusinessRuleException($"Account '{account.Name}' is archived; restore it before opening an opportunity.", "accountId");
        }

        if (command.CampaignId is { } campaignId && !await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new BusinessRuleException($"Campaign {campaignId} does not exist.", "campaignId");
        }

        var scope = await visibility.GetScopeAsync(cancellationToken);
        var pipeline = await db.LoadPipelineOrDefaultAsync(command.PipelineId, cancellationToken);
        // Without an owner: head office gives it to the account's owner; a salesperson's own new opportunity is theirs
        // (so they can still see it); a branch manager's stays unassigned in its branch.
        var owner = command.OwnerId ?? (scope.IsAll ? account.OwnerId : scope.BranchId is null ? scope.OwnerId : null);
        var branch = command.BranchId ?? account.BranchId ?? scope.BranchId;
        var stage = command.StageId is { } stageId ? pipeline.Stage(stageId) : pipeline.FirstOpenStage;
        var now = clock.GetUtcNow().UtcDateTime;
        var company = money.Value.CompanyCurrency;
        var currency = await DocumentCurrencies.CaptureAsync(db, command.Currency ?? company, company, DateOnly.FromDateTime(now), cancellationToken);
        var lines = command.Lines is { } given ? await pricer.PriceAsync(given, currency, cancellationToken) : null;
        var opportunity = Opportunity.Create(
            new OpportunityDetails(command.Name!, command.Amount ?? 0m, command.ExpectedCloseDate!.Value, command.ContactId, branch, command.Description),
            account.Id, pipeline, stage, owner, command.CampaignId, null,
            lines, currency, user.Id, now);
        db.Opportunities.Add(opportunity);
        db.OpportunityStageChanges.Add(opportunity.InitialStageChange(stage));
        await customFields.SetAsync(db, FunnelCustomFields.Opportunity, opportunity.Id, command.CustomFields, creating: true, cancellationToken);
        await StatisticsStore.SaveAsync(db, Contribution.Diff(Contribution.None, Contribution.Of(opportunity, pipeline)), cancellationToken);
        return OpportunityResponse.From(opportunity, pipeline) with
        {
            CustomFields = await customFields.ReadAsync(db, FunnelCustomFields.Opportunity, opportunity.Id, cancellationToken),
        };
    }
}

internal static class CreateOpportunityEndpoint
{
    internal static RouteHandlerBuilder MapCreateOpportunity(this IEndpointRouteBuilder app) =>
        app.MapPost("/opportunities", Handle)
            .WithName("CreateOpportunity")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Open an opportunity for an account (default pipeline, first stage, the account's owner unless given)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<OpportunityResponse>> Handle(CreateOpportunityCommand command, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(command, cancellationToken);
        return Versioning.Created(response, $"/api/funnel/opportunities/{created.Id}", created);
    }
}
