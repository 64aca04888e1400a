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

namespace Crm.Funnel.Features.Campaigns;

internal sealed record AddCostCommand(string? Description, string? Category, decimal? Amount, DateOnly? IncurredOn) : IRequest<CampaignResponse>
{
    /// <summary>Optional: when sent it must be the campaign's currency (costs are kept in one currency per campaign).</summary>
    public string? Currency { get; init; }

    [JsonIgnore]
    public Guid CampaignId { get; init; }
}

internal sealed class AddCostValidator : AbstractValidator<AddCostCommand>
{
    public AddCostValidator()
    {
        RuleFor(c => c.Description).NotEmpty().WithMessage("What was paid for?").MaximumLength(300);
        RuleFor(c => c.Category).MaximumLength(100);
        RuleFor(c => c.Currency).CurrencyCode();
        RuleFor(c => c.Amount).NotNull().WithMessage("Amount is required.").Money("Amount");
    }
}

internal sealed class AddCostHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<AddCostCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(AddCostCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.CampaignId, cancellationToken);
        if (command.Currency is { } currency && currency != campaign.Currency)
        {
            throw new BusinessRuleException($"The campaign's costs are kept in {campaign.Currency}; convert the amount, or record it in {campaign.Currency}.", "currency");
        }

        var now = Now;
        db.CampaignCosts.Add(campaign.AddCost(command.Description!, command.Amount!.Value, command.IncurredOn ?? DateOnly.FromDateTime(now), command.Category, user.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
}

internal static class AddCostEndpoint
{
    internal static void MapAddCost(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{id:guid}/costs", async (Guid id, AddCostCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { CampaignId = id }, ct)))
            .WithName("AddCampaignCost")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Record an actual cost of the campaign")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
